//! Loads the CDNOW CSV files (customer_id,date YYYYMMDD,number_of_cds,dollar_value) into a
//! `Transactions` table with the core's own record reader. Shared by the CLV tests and the
//! `clv_bench` example; the real ingest pipeline is not needed for these fixed-format files.

use std::path::{Path, PathBuf};

use segmint_core::table::days_from_civil;
use segmint_core::{Dialect, RecordReader, Transactions};

/// `../shared/data/NAME` relative to the repository root.
#[allow(dead_code)]
pub fn shared_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(name)
}

/// Parse a CDNOW-format CSV: amount = dollar_value, day from the YYYYMMDD date.
pub fn load_cdnow(bytes: &[u8]) -> Transactions {
    let mut tx = Transactions::default();
    let mut reader = RecordReader::new(&Dialect::default());
    let mut on_record = |r: &segmint_core::ingest::Record<'_>| {
        if r.index == 0 {
            return Ok(()); // header
        }
        let date = r.get(1).expect("date field");
        let (y, m, d) = (&date[0..4], &date[4..6], &date[6..8]);
        let day = days_from_civil(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
        let amount: f64 = r
            .get(3)
            .expect("dollar_value")
            .trim()
            .parse()
            .expect("number");
        tx.push(r.get(0), None, None, day, amount);
        Ok(())
    };
    reader.feed(bytes, &mut on_record).expect("valid CSV");
    reader.finish(&mut on_record).expect("valid CSV");
    tx
}
