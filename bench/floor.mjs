// The floor: read the same file with Node and JSON.parse every line, nothing else.
import { createReadStream } from 'node:fs';

let pending = '';
let n = 0;
const dec = new TextDecoder();
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  pending += dec.decode(chunk, { stream: true });
  let from = 0;
  for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n', from)) {
    if (i > from) {
      JSON.parse(pending.slice(from, i));
      n++;
    }
    from = i + 1;
  }
  pending = pending.slice(from);
}
if (pending.trim()) {
  JSON.parse(pending);
  n++;
}
process.stdout.write(`${n}\n`);
