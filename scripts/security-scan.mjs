// @doyensec/electronegativity exits 0 even on HIGH findings, so the gate reads
// its SARIF report: any finding not reviewed in
// resources/security/electronegativity-accepted.json fails the scan.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = 'artifacts/electronegativity.sarif';
mkdirSync('artifacts', { recursive: true });
rmSync(report, { force: true });
spawnSync('npx', ['electronegativity', '-i', 'electron', '-r', '-e', '45.4.1', '-o', report], { stdio: 'ignore' });
if (!existsSync(report)) {
  console.error('electronegativity wrote no report');
  process.exit(1);
}
const accepted = JSON.parse(readFileSync('resources/security/electronegativity-accepted.json', 'utf8')).accepted;
const results = JSON.parse(readFileSync(report, 'utf8')).runs[0].results;
const unexplained = results.filter((finding) => {
  const file = finding.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  return !accepted.some((entry) => entry.ruleId === finding.ruleId && entry.file === file && entry.reason?.length > 20);
});
for (const finding of results) {
  const location = finding.locations?.[0]?.physicalLocation;
  const mark = unexplained.includes(finding) ? 'UNEXPLAINED' : 'accepted   ';
  console.log(`${mark} ${finding.ruleId} (${finding.level}) ${location?.artifactLocation?.uri}:${location?.region?.startLine} ${finding.message.text}`);
}
console.log(`electronegativity: ${results.length} findings, ${unexplained.length} unexplained`);
process.exit(unexplained.length === 0 ? 0 : 1);
