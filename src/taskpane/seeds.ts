/**
 * The bundled seed responsibility lists (../shared/seeds), as text in the build: the web page
 * offers them as catalogs with no file to pick. Imported only by the worker, and the catalogs are
 * made from them on first use.
 */
import s000 from '../../../shared/seeds/000_45cf8959af68998b.txt';
import s001 from '../../../shared/seeds/001_0fd6b74583511a98.txt';
import s002 from '../../../shared/seeds/002_65c7f64bacf31445.txt';
import s003 from '../../../shared/seeds/003_c3cd6be28d28a219.txt';
import s004 from '../../../shared/seeds/004_45f3905e243d7254.txt';

export interface Seed {
  /** The seed's file name without .txt, as in `?catalog=000_45cf8959af68998b`. */
  id: string;
  text: string;
}

export const SEEDS: readonly Seed[] = [
  { id: '000_45cf8959af68998b', text: s000 },
  { id: '001_0fd6b74583511a98', text: s001 },
  { id: '002_65c7f64bacf31445', text: s002 },
  { id: '003_c3cd6be28d28a219', text: s003 },
  { id: '004_45f3905e243d7254', text: s004 },
];
