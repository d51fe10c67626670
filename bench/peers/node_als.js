// node_als.js -- the Node.js side of actx's benchmark: the same operations as
// bench-runtime/bench-bind, measured the same way (median of 7 repetitions),
// printed as JSON lines {"name", "median_ns", "min_ns", "max_ns"}.
'use strict';
const { AsyncLocalStorage, AsyncResource } = require('async_hooks');

const REPS = 7;
const quick = process.argv.includes('--quick');

function measure(name, n, fn) {
  fn(Math.max(1, Math.floor(n / 10))); // warm up (and let the JIT compile)
  const t = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    fn(n);
    t.push(Number(process.hrtime.bigint() - t0) / n);
  }
  t.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, median_ns: t[REPS >> 1], min_ns: t[0], max_ns: t[REPS - 1] }));
}

const als = new AsyncLocalStorage();
let sink = 0;
const trivial = (x) => { sink ^= x | 0; return x; };
const scale = quick ? 0.1 : 1;
const N = Math.floor(2e6 * scale);

measure('node: getStore inside run', N, (n) => {
  als.run(1, () => { for (let i = 0; i < n; i++) sink ^= als.getStore(); });
});
measure('node: getStore outside run', N, (n) => {
  for (let i = 0; i < n; i++) sink ^= als.getStore() === undefined ? 1 : 0;
});
measure('node: run (trivial fn)', N, (n) => {
  for (let i = 0; i < n; i++) als.run(i, trivial, i);
});
measure('node: enterWith', N, (n) => {
  als.run(0, () => { for (let i = 0; i < n; i++) als.enterWith(i); });
});
measure('node: snapshot + run', Math.floor(N / 4), (n) => {
  als.run(1, () => {
    for (let i = 0; i < n; i++) AsyncLocalStorage.snapshot()(trivial, i);
  });
});
measure('node: AsyncResource.bind', Math.floor(N / 4), (n) => {
  als.run(1, () => { for (let i = 0; i < n; i++) sink ^= AsyncResource.bind(trivial).length; });
});
const bound = als.run(1, () => AsyncResource.bind(trivial));
measure('node: call bound function', N, (n) => {
  for (let i = 0; i < n; i++) bound(i);
});
measure('node: call plain function', N * 5, (n) => {
  for (let i = 0; i < n; i++) trivial(i);
});
if (sink === 0.5) console.log('');
