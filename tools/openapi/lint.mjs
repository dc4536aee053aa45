// Lint an OpenAPI document with Redocly's recommended rules (the rules `@redocly/cli lint` applies by
// default): `node tools/openapi/lint.mjs <file.json>` prints the problems as JSON and exits 1 on an error.
import { readFileSync } from 'node:fs';

import { createConfig, lintFromString } from '@redocly/openapi-core';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/openapi/lint.mjs <openapi.json>');
  process.exit(2);
}
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(file, 'utf8'), absoluteRef: `/${file.split('/').pop()}`, config });
const out = problems.map((p) => ({ severity: p.severity, rule: p.ruleId, message: p.message, at: p.location?.[0]?.pointer ?? '' }));
console.log(JSON.stringify(out));
process.exit(out.some((p) => p.severity === 'error') ? 1 : 0);
