import path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SEEDS_DIR = path.resolve(ROOT, '..', 'shared', 'seeds');
export const SCHEMA_DIR = path.resolve(ROOT, '..', 'shared', 'schemas', 'office-addin-manifest');

export const SEEDS = {
  s000: '000_45cf8959af68998b.txt',
  s001: '001_0fd6b74583511a98.txt',
  s002: '002_65c7f64bacf31445.txt',
  s003: '003_c3cd6be28d28a219.txt',
  s004: '004_45f3905e243d7254.txt',
} as const;

export function seedPath(name: string): string {
  return path.join(SEEDS_DIR, name);
}
