//! `el.data = rows`: rows given as JavaScript values become CSV text for the ingest pipeline.
//!
//! Accepted: an array of objects (the header is the union of their keys in order of first
//! appearance, which the caller reads from JavaScript: JSON objects here do not keep an
//! order) or an array of arrays (the first is the header). Cells are written as CSV
//! fields, quoted when needed; `null` is an empty cell; dates arrive as ISO strings
//! (`JSON.stringify`). The text then goes through the same sniffing and mapping as a file.

use serde_json::Value;

/// CSV text for `rows`, or a message saying what is wrong with them. `keys` orders the header
/// of rows given as objects; keys missing from it follow in sorted order.
pub(crate) fn to_csv(rows: &Value, keys: &[String]) -> Result<String, String> {
    let Value::Array(rows) = rows else {
        return Err("data must be CSV text, a File/Blob, or an array of rows".into());
    };
    if rows.is_empty() {
        return Err("data is an empty array: there is nothing to analyse".into());
    }
    let mut out = String::new();
    match &rows[0] {
        Value::Object(_) => {
            let mut header: Vec<&str> = keys.iter().map(String::as_str).collect();
            for (i, row) in rows.iter().enumerate() {
                let Value::Object(fields) = row else {
                    return Err(format!(
                        "data[{i}] is not an object like data[0]; give every row the same shape"
                    ));
                };
                for key in fields.keys() {
                    if !header.contains(&key.as_str()) {
                        header.push(key);
                    }
                }
            }
            write_record(&mut out, header.iter().map(|h| Value::String((*h).into())));
            for row in rows {
                write_record(
                    &mut out,
                    header
                        .iter()
                        .map(|h| row.get(*h).cloned().unwrap_or(Value::Null)),
                );
            }
        }
        Value::Array(_) => {
            for (i, row) in rows.iter().enumerate() {
                let Value::Array(cells) = row else {
                    return Err(format!(
                        "data[{i}] is not an array like data[0]; give every row the same shape"
                    ));
                };
                write_record(&mut out, cells.iter().cloned());
            }
        }
        _ => {
            return Err(
                "data must be an array of objects or of arrays (the first array is the header)"
                    .into(),
            );
        }
    }
    Ok(out)
}

fn write_record(out: &mut String, cells: impl Iterator<Item = Value>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let text = match cell {
            Value::Null => String::new(),
            Value::String(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            other => other.to_string(),
        };
        if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&text);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_become_a_header_and_quoted_fields() {
        let rows = json!([
            {"CustomerID": "A", "InvoiceDate": "2024-01-02", "Amount": 10.5},
            {"CustomerID": "B, Inc.", "Amount": 3, "Note": "say \"hi\""}
        ]);
        let keys = ["CustomerID", "InvoiceDate", "Amount", "Note"].map(String::from);
        assert_eq!(
            to_csv(&rows, &keys).unwrap(),
            "CustomerID,InvoiceDate,Amount,Note\nA,2024-01-02,10.5,\n\"B, Inc.\",,3,\"say \"\"hi\"\"\"\n"
        );
    }

    #[test]
    fn arrays_are_written_as_they_are() {
        let rows = json!([["id", "date"], ["x", null]]);
        assert_eq!(to_csv(&rows, &[]).unwrap(), "id,date\nx,\n");
    }

    #[test]
    fn other_shapes_are_refused_with_a_reason() {
        let csv = |v| to_csv(&v, &[]).unwrap_err();
        assert!(csv(json!({"a": 1})).contains("array of rows"));
        assert!(csv(json!([])).contains("empty"));
        assert!(csv(json!([{"a": 1}, [1]])).contains("data[1]"));
        assert!(csv(json!([1, 2])).contains("array of objects"));
    }
}
