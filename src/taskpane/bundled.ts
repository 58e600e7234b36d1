/**
 * The lists the site offers (core/bundledLists.ts): lists/index.json beside the page, each list's
 * catalog JSON fetched when it is chosen. A site deployed without lists answers 404: none.
 */
import { LISTS_FOLDER, LISTS_INDEX, readBundledIndex, type BundledList } from '../core/bundledLists';
import { catalogFromJson } from '../core/catalogFile';
import type { CatalogInfo } from './hosts/types';

function url(path: string): string {
  return new URL(path, typeof document === 'undefined' ? self.location.href : document.baseURI).href;
}

export async function fetchBundledLists(): Promise<BundledList[]> {
  try {
    const res = await fetch(url(LISTS_INDEX), { cache: 'no-cache' });
    return res.ok ? readBundledIndex(await res.text()) : [];
  } catch {
    return [];
  }
}

export async function fetchBundledList(list: BundledList): Promise<CatalogInfo> {
  let res: Response;
  try {
    res = await fetch(url(`${LISTS_FOLDER}/${list.file}`));
  } catch {
    throw new Error(`内置清单《${list.title}》无法读取：网络连接失败`);
  }
  if (!res.ok) throw new Error(`内置清单《${list.title}》无法读取（${res.status}），请联系管理员重新部署`);
  return { catalog: catalogFromJson(await res.text()), warnings: [] };
}
