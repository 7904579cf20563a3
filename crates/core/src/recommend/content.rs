//! Content similarity of products: TF-IDF over their descriptions (DESIGN §4).
//!
//! Tokens: the text is lower-cased; a word is a maximal run of letters and digits; within a
//! run, characters of the CJK scripts (Han, Hiragana, Katakana, Hangul), which are written
//! without spaces, become overlapping character bigrams (a lone CJK character stays a
//! unigram), the rest of the run stays one word. Weights: raw term count ×
//! `idf = ln((1 + n) / (1 + df)) + 1` over the `n` products that have a description, each
//! row L2-normalised; similarity is the dot product (cosine). These are scikit-learn's
//! `TfidfVectorizer` defaults (`smooth_idf=True`, `norm='l2'`) with this tokenizer.

use std::collections::HashMap;

/// Whether `c` belongs to a script written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F      // Hiragana
        | 0x30A0..=0x30FF    // Katakana
        | 0x3400..=0x4DBF    // Han extension A
        | 0x4E00..=0x9FFF    // Han
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // Han compatibility
        | 0x20000..=0x2A6DF) // Han extension B
}

/// The tokens of `text` (see the module docs).
pub fn tokenize(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, tokens: &mut Vec<String>| {
        match cjk.len() {
            0 => {}
            1 => tokens.push(cjk[0].to_string()),
            _ => {
                for pair in cjk.windows(2) {
                    tokens.push(pair.iter().collect());
                }
            }
        }
        cjk.clear();
    };
    for c in lower.chars() {
        if c.is_alphanumeric() {
            if is_cjk(c) {
                if !word.is_empty() {
                    tokens.push(std::mem::take(&mut word));
                }
                cjk.push(c);
            } else {
                flush_cjk(&mut cjk, &mut tokens);
                word.push(c);
            }
        } else {
            flush_cjk(&mut cjk, &mut tokens);
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
        }
    }
    flush_cjk(&mut cjk, &mut tokens);
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// L2-normalised TF-IDF rows of a set of documents, with an inverted index for queries.
#[derive(Clone, Debug, Default)]
pub struct TfIdf {
    /// Per document: (term, weight), ascending term ids; empty for a document without text.
    rows: Vec<Vec<(u32, f64)>>,
    /// Per term: the documents holding it.
    postings: Vec<Vec<u32>>,
}

impl TfIdf {
    /// Rows for `docs` (`None`: the document has no description and is not counted in `n`).
    pub fn fit<'a>(docs: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut n = 0u32;
        for doc in docs {
            let mut row: Vec<(u32, u32)> = Vec::new();
            if let Some(text) = doc.filter(|t| !t.trim().is_empty()) {
                n += 1;
                let mut terms: Vec<u32> = tokenize(text)
                    .into_iter()
                    .map(|tok| {
                        let next = vocabulary.len() as u32;
                        *vocabulary.entry(tok).or_insert(next)
                    })
                    .collect();
                terms.sort_unstable();
                for t in terms {
                    match row.last_mut() {
                        Some((last, k)) if *last == t => *k += 1,
                        _ => row.push((t, 1)),
                    }
                }
                df.resize(vocabulary.len(), 0);
                for &(t, _) in &row {
                    df[t as usize] += 1;
                }
            }
            counts.push(row);
        }
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((1.0 + f64::from(n)) / (1.0 + f64::from(d))).ln() + 1.0)
            .collect();
        let mut postings = vec![Vec::new(); vocabulary.len()];
        let rows = counts
            .into_iter()
            .enumerate()
            .map(|(doc, row)| {
                let mut weighted: Vec<(u32, f64)> = row
                    .into_iter()
                    .map(|(t, k)| (t, f64::from(k) * idf[t as usize]))
                    .collect();
                let norm = weighted.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                if norm > 0.0 {
                    for (t, w) in &mut weighted {
                        *w /= norm;
                        postings[*t as usize].push(doc as u32);
                    }
                }
                weighted
            })
            .collect();
        Self { rows, postings }
    }

    /// Whether document `d` has any term.
    pub fn has_terms(&self, d: u32) -> bool {
        self.rows.get(d as usize).is_some_and(|r| !r.is_empty())
    }

    /// Cosine of documents `a` and `b`.
    pub fn cosine(&self, a: u32, b: u32) -> f64 {
        let (x, y) = (&self.rows[a as usize], &self.rows[b as usize]);
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }

    /// Every other document sharing a term with `d`, with its cosine (> 0), unordered.
    pub fn neighbours(&self, d: u32) -> Vec<(u32, f64)> {
        let mut seen: Vec<u32> = self.rows[d as usize]
            .iter()
            .flat_map(|&(t, _)| self.postings[t as usize].iter().copied())
            .filter(|&o| o != d)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .map(|o| (o, self.cosine(d, o)))
            .filter(|&(_, s)| s > 0.0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_and_cjk_runs_become_bigrams() {
        assert_eq!(
            tokenize("WHITE Hanging-Heart 3"),
            ["white", "hanging", "heart", "3"]
        );
        assert_eq!(tokenize("红茶杯 Mug"), ["红茶", "茶杯", "mug"]);
        assert_eq!(tokenize("杯"), ["杯"]);
        assert_eq!(tokenize("mugカップ"), ["mug", "カッ", "ップ"]);
        assert_eq!(tokenize("  ,, "), Vec::<String>::new());
    }

    #[test]
    fn tf_idf_matches_a_hand_computation() {
        // n = 2; "a" in both (idf 1), "b" in one (idf ln(3/2) + 1).
        let m = TfIdf::fit([Some("a b"), Some("a"), None]);
        let idf_b = (3.0f64 / 2.0).ln() + 1.0;
        let expected = 1.0 / (1.0 + idf_b * idf_b).sqrt();
        assert!((m.cosine(0, 1) - expected).abs() < 1e-15);
        assert!(!m.has_terms(2));
        assert_eq!(m.neighbours(1), vec![(0, m.cosine(1, 0))]);
    }
}
