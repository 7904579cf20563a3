//! Fast, non-cryptographic hashing for ingest: the interners that stage ids, and the 128-bit
//! row digests behind duplicate detection. Not for adversarial input (a crafted file could at
//! worst slow interning down or, with odds of about 2⁻¹²⁸ per pair of rows, merge two rows'
//! digests); rows and ids of one export are not that.

use crate::table::NO_ID;

const S0: u64 = 0xa076_1d64_78bd_642f;
const S1: u64 = 0xe703_7ed1_a0b4_28db;
const S2: u64 = 0x8ebc_6af0_9c88_c6e3;
const S3: u64 = 0x5899_65cc_7537_4cc3;

/// The 128-bit product of `a` and `b`, its halves folded together (wyhash's mixer).
#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let m = u128::from(a) * u128::from(b);
    (m as u64) ^ ((m >> 64) as u64)
}

#[inline]
fn r8(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

#[inline]
fn r4(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[i..i + 4]);
    u64::from(u32::from_le_bytes(w))
}

/// `a == b`, without a call to `memcmp` for the short strings ids are.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        8..=16 => r8(a, 0) == r8(b, 0) && r8(a, n - 8) == r8(b, n - 8),
        4..=7 => r4(a, 0) == r4(b, 0) && r4(a, n - 4) == r4(b, n - 4),
        _ => a == b,
    }
}

/// A 64-bit hash of `b` (the shape of wyhash: 16 bytes per multiply). `secret` keys the lane:
/// two lanes with different secrets are, for practical purposes, independent.
#[inline]
fn hash_bytes(b: &[u8], mut seed: u64, secret: u64) -> u64 {
    let n = b.len();
    let (x, y);
    if n <= 16 {
        if n >= 4 {
            let q = (n >> 3) << 2;
            x = (r4(b, 0) << 32) | r4(b, q);
            y = (r4(b, n - 4) << 32) | r4(b, n - 4 - q);
        } else if n > 0 {
            x = (u64::from(b[0]) << 16) | (u64::from(b[n >> 1]) << 8) | u64::from(b[n - 1]);
            y = 0;
        } else {
            x = 0;
            y = 0;
        }
    } else {
        let mut i = 0;
        while n - i > 16 {
            seed = fold(r8(b, i) ^ secret, r8(b, i + 8) ^ seed);
            i += 16;
        }
        x = r8(b, n - 16);
        y = r8(b, n - 8);
    }
    fold(S1 ^ n as u64, fold(x ^ secret, y ^ seed))
}

/// A 128-bit digest of a row: its field count, every field's length and the fields' bytes
/// (`text`, the fields joined by one byte, the same for every row of a file), in two independently keyed 64-bit lanes. The lengths
/// are encoded without ambiguity, so two rows share a digest only by chance (for a million
/// distinct rows, odds of about 10⁻²⁷).
pub(super) fn row_digest(fields: &[&str], text: &[u8]) -> u128 {
    debug_assert_eq!(
        fields.iter().map(|f| f.len() + 1).sum::<usize>(),
        text.len() + usize::from(!fields.is_empty())
    );
    let mut a = S2 ^ fields.len() as u64;
    let mut b = S3 ^ fields.len() as u64;
    // Lengths as 16-bit codes, four to a word; a length of 0xFFFF or more is the escape code
    // 0xFFFF followed by the length in four codes.
    let mut word = 0u64;
    let mut used = 0u32;
    let mut push = |code: u64, a: &mut u64, b: &mut u64| {
        word |= code << (16 * used);
        used += 1;
        if used == 4 {
            *a = fold(word ^ S0, *a ^ S1);
            *b = fold(word ^ S3, *b ^ S2);
            word = 0;
            used = 0;
        }
    };
    for f in fields {
        let len = f.len() as u64;
        if len < 0xFFFF {
            push(len, &mut a, &mut b);
        } else {
            push(0xFFFF, &mut a, &mut b);
            for k in 0..4 {
                push((len >> (16 * k)) & 0xFFFF, &mut a, &mut b);
            }
        }
    }
    if used > 0 {
        a = fold(word ^ S0, a ^ S1);
        b = fold(word ^ S3, b ^ S2);
    }
    let hi = hash_bytes(text, a, S0);
    let lo = hash_bytes(text, b, S2);
    (u128::from(hi) << 64) | u128::from(lo)
}

/// Strings interned to dense ids in order of first appearance, with the fast hash: names laid
/// end to end in one string, an open-addressing table of (hash tag, id) words.
#[derive(Default)]
pub(super) struct FastInterner {
    text: String,
    /// Per id: where its name ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// `0` = empty, else `(hash >> 32) << 32 | (id + 1)`.
    slots: Vec<u64>,
    /// The last id returned, or [`NO_ID`]: exports list an order's lines (and a customer's
    /// orders) together, so most lookups repeat the previous one.
    last: u32,
    has_last: bool,
}

impl FastInterner {
    #[inline]
    pub(super) fn intern(&mut self, name: &str) -> u32 {
        if self.has_last && same(self.name(self.last).as_bytes(), name.as_bytes()) {
            return self.last;
        }
        let id = self.lookup(name);
        self.last = id;
        self.has_last = true;
        id
    }

    fn lookup(&mut self, name: &str) -> u32 {
        if self.ends.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let h = hash_bytes(name.as_bytes(), S1, S0);
        let tag = h >> 32;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                break;
            }
            if s >> 32 == tag {
                let id = (s as u32) - 1;
                if same(self.name(id).as_bytes(), name.as_bytes()) {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        // Ids stay below NO_ID: a file has far fewer than 2^32 - 1 distinct values.
        let id = u32::try_from(self.ends.len())
            .unwrap_or(NO_ID - 1)
            .min(NO_ID - 1);
        self.text.push_str(name);
        self.ends.push(self.text.len());
        self.slots[i] = (tag << 32) | u64::from(id + 1);
        id
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mut slots = vec![0u64; size];
        let mask = size - 1;
        for id in 0..self.ends.len() {
            let h = hash_bytes(self.name(id as u32).as_bytes(), S1, S0);
            let mut i = h as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = ((h >> 32) << 32) | (id as u64 + 1);
        }
        self.slots = slots;
    }

    #[inline]
    pub(super) fn name(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Forget every name, keeping the allocations.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.slots.fill(0);
        self.has_last = false;
    }
}

/// A set of 128-bit digests: open addressing, linear probing, no stored hashes (the digest's
/// low bits are the slot). `0` marks an empty slot, so digest 0 is stored as 1.
#[derive(Default)]
pub(super) struct DigestSet {
    slots: Vec<u128>,
    len: usize,
}

impl DigestSet {
    /// Make room for `n` digests without growing.
    pub(super) fn reserve(&mut self, n: usize) {
        let want = (n.saturating_add(n / 3).saturating_add(16)).next_power_of_two();
        if want > self.slots.len() {
            self.rehash(want);
        }
    }

    /// Whether `digest` was new.
    pub(super) fn insert(&mut self, digest: u128) -> bool {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.rehash((self.slots.len() * 2).max(1024));
        }
        let digest = digest.max(1);
        let mask = self.slots.len() - 1;
        let mut i = digest as usize & mask;
        loop {
            let s = self.slots[i];
            if s == digest {
                return false;
            }
            if s == 0 {
                self.slots[i] = digest;
                self.len += 1;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// Load the home slots of `digests` (independent loads, so their cache misses overlap),
    /// before inserting them one by one.
    pub(super) fn warm(&self, digests: impl Iterator<Item = u128>) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut acc = 0u128;
        for d in digests {
            acc ^= self.slots[d.max(1) as usize & mask];
        }
        std::hint::black_box(acc);
    }

    fn rehash(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0u128; size]);
        let mask = size - 1;
        for d in old.into_iter().filter(|&d| d != 0) {
            let mut i = d as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(fields: &[&str]) -> u128 {
        row_digest(fields, fields.join(",").as_bytes())
    }

    #[test]
    fn digests_tell_field_boundaries_apart() {
        let rows: &[&[&str]] = &[
            &[],
            &[""],
            &["", ""],
            &["ab", "c"],
            &["a", "bc"],
            &["abc"],
            &["abc", ""],
            &["", "abc"],
        ];
        let mut seen = std::collections::HashSet::new();
        for r in rows {
            assert!(seen.insert(digest(r)), "{r:?}");
        }
        let long = "x".repeat(70_000);
        assert_ne!(digest(&[&long, "y"]), digest(&[&long[1..], "xy"]));
        assert_eq!(digest(&["a", "b"]), digest(&["a", "b"]));
    }

    #[test]
    fn interner_is_dense_and_stable() {
        let mut i = FastInterner::default();
        let names: Vec<String> = (0..5000).map(|k| format!("id{k}")).collect();
        for (k, n) in names.iter().enumerate() {
            assert_eq!(i.intern(n), k as u32);
        }
        for (k, n) in names.iter().enumerate().rev() {
            assert_eq!(i.intern(n), k as u32);
            assert_eq!(i.name(k as u32), n);
        }
        assert_eq!(i.intern(""), 5000);
        assert_eq!(i.len(), 5001);
    }

    #[test]
    fn digest_set_counts_repeats() {
        let mut s = DigestSet::default();
        for k in 0..10_000u128 {
            assert!(s.insert(k.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)));
        }
        for k in 0..10_000u128 {
            assert!(!s.insert(k.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)));
        }
        assert!(s.insert(u128::MAX));
    }
}
