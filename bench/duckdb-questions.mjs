// A reference point for `npm run bench:cli`, run as a child process: DuckDB loads a CloudTrail
// NDJSON file and answers five of the playbook's questions in SQL. @duckdb/node-api is installed
// by the benchmark into node_modules/.cache/duckdb-bench on first use; it is never a dependency of
// the product. Prints one JSON line: {loadMs, queryMs, answers}.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const [cacheDir, file] = process.argv.slice(2);
const require = createRequire(`${cacheDir}/package.json`);
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const path = file.replace(/'/g, "''");
await con.run(`CREATE TABLE ct AS SELECT
  CAST(eventTime AS TIMESTAMP) AS t, eventName, eventSource, sourceIPAddress AS ip, userAgent AS ua, errorCode,
  userIdentity.arn AS arn, userIdentity.accessKeyId AS keyId, userIdentity.type AS idType
  FROM read_json('${path}', format = 'newline_delimited', maximum_object_size = 16777216,
    columns = {eventTime: 'VARCHAR', eventName: 'VARCHAR', eventSource: 'VARCHAR', sourceIPAddress: 'VARCHAR', userAgent: 'VARCHAR', errorCode: 'VARCHAR',
      userIdentity: 'STRUCT(arn VARCHAR, accessKeyId VARCHAR, type VARCHAR)'})`);
const t1 = performance.now();
const QUESTIONS = {
  // Was the same access key used from more than one network and client?
  keysFromSeveralSources:
    `SELECT keyId, count(DISTINCT ip) AS ips, count(DISTINCT ua) AS uas FROM ct WHERE keyId IS NOT ` +
    `NULL GROUP BY keyId HAVING count(DISTINCT ip) > 1 ORDER BY ips DESC LIMIT 20`,
  // Which identities used a source address in the last 3 days that they never used before?
  newSourcesLate: `WITH firsts AS (SELECT arn, ip, min(t) AS first FROM ct GROUP BY arn, ip), edge AS (SELECT max(t) - INTERVAL 3 DAY AS since FROM ct)
    SELECT arn, ip, first FROM firsts, edge WHERE first >= since AND arn IN (SELECT arn FROM ct, edge WHERE t < since) ORDER BY first LIMIT 50`,
  // Failed calls followed by a success for the same identity within 6 hours.
  failuresThenSuccess: `WITH f AS (SELECT arn, t FROM ct WHERE errorCode IS NOT NULL)
    SELECT f.arn, count(*) AS failures FROM f
    WHERE EXISTS (SELECT 1 FROM ct s WHERE s.arn = f.arn AND s.errorCode IS NULL AND s.t > f.t AND s.t <= f.t + INTERVAL 6 HOUR)
    GROUP BY f.arn HAVING count(*) >= 3 ORDER BY failures DESC LIMIT 20`,
  // Activity outside each identity's usual hours (hours that hold under 1 % of its events).
  unusualHours: `WITH h AS (SELECT arn, hour(t) AS hr, count(*) AS n FROM ct GROUP BY arn, hour(t)), tot AS (SELECT arn, sum(n) AS total FROM h GROUP BY arn)
    SELECT h.arn, h.hr, h.n FROM h JOIN tot USING (arn) WHERE h.n * 100 < tot.total AND tot.total >= 50 ORDER BY h.n LIMIT 50`,
  // Who minted new credentials, from where?
  tokenMinting:
    `SELECT arn, eventName, ip, ua, t FROM ct WHERE eventName IN ('GetFederationToken', 'GetSessionToken', ` +
    `'AssumeRole', 'CreateAccessKey') ORDER BY t LIMIT 50`,
};
const answers = {};
for (const [name, sql] of Object.entries(QUESTIONS))
  answers[name] = (await (await con.run(sql)).getRowObjects()).length;
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, queryMs: t2 - t1, answers }) + '\n');
