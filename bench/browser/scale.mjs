// A minimal generator of larger Online-Retail-like files for the browser scale test (used when
// bench/scale/generate.py is not there): the rows of online_retail.csv repeated, each copy with
// fresh invoice numbers and customer ids, so the shares of missing customer ids (~25%),
// cancellations (~2%, the `C` prefix kept) and the long-tailed item popularity stay those of the
// real file. Dates are kept; duplicates within a copy stay duplicates.
//   node bench/browser/scale.mjs SOURCE.csv OUT_DIR LINES
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

/** Write OUT_DIR/online_retail_<LINES>.csv (data lines, plus the header) unless present. */
export async function generate(source, outDir, lines) {
  const name = `online_retail_${lines}.csv`;
  const path = join(outDir, name);
  if (existsSync(path)) return { name, path, bytes: statSync(path).size };
  const text = readFileSync(source, 'utf8');
  const all = text.split('\n');
  const header = all[0];
  const data = all.slice(1).filter((l) => l.length > 0);
  const out = createWriteStream(`${path}.part`);
  const write = async (s) => { if (!out.write(s)) await once(out, 'drain'); };
  await write(`${header}\n`);
  let written = 0;
  for (let copy = 0; written < lines; copy++) {
    const batch = [];
    for (const line of data) {
      if (written >= lines) break;
      batch.push(copy === 0 ? line : rewrite(line, copy));
      written++;
      if (batch.length === 50_000) { await write(`${batch.join('\n')}\n`); batch.length = 0; }
    }
    if (batch.length) await write(`${batch.join('\n')}\n`);
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
  return { name, path, bytes: statSync(path).size };
}

// InvoiceNo is the first field, CustomerID the second last; neither is quoted in the UCI file
// (Description, the only field with commas, sits between them and may be).
function rewrite(line, copy) {
  const first = line.indexOf(',');
  const invoice = line.slice(0, first);
  const last = line.lastIndexOf(',');
  const beforeLast = line.lastIndexOf(',', last - 1);
  const customer = line.slice(beforeLast + 1, last);
  const cancel = invoice.startsWith('C');
  const newInvoice = `${cancel ? 'C' : ''}${copy}${cancel ? invoice.slice(1) : invoice}`;
  const newCustomer = customer === '' ? '' : `${copy}${customer}`;
  return `${newInvoice}${line.slice(first, beforeLast + 1)}${newCustomer}${line.slice(last)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [source, outDir, lines] = process.argv.slice(2);
  console.log(await generate(source, outDir, Number(lines)));
}
