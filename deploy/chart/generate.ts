// `npm run chart:generate`: writes the chart's generated files (generated-files.ts says which).
// Run it after changing lib/tenancy/crds.ts or ingress-host-policy.ts; chart.test.ts fails until
// the committed files match.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedChartFiles } from './generated-files';

for (const [file, content] of Object.entries(generatedChartFiles())) {
  writeFileSync(join(__dirname, file), content);
  console.log(`wrote deploy/chart/${file}`);
}
