/**
 * The add-in's identity as templates name it in their web-extension part, so that Excel opens the
 * pane when a clerk opens the file. Id and version are those of manifest.xml (a test keeps them
 * equal).
 */
export const ADDIN_ID = '6c1f2b8e-4d7a-4e0b-9b3c-5a2f1d9e7c40';
export const ADDIN_VERSION = '0.1.0.0';

/**
 * Where Excel looks the add-in up: a network-share catalog (FileSystem, with the share path), or
 * Microsoft 365 centralized deployment (EXCatalog).
 */
export type AddinStoreType = 'FileSystem' | 'EXCatalog';

export interface AddinReference {
  id: string;
  version: string;
  storeType: AddinStoreType;
  /** The share path for FileSystem ("\\\\server\\jindu"), "EXCatalog" for centralized deployment. */
  store: string;
  /**
   * 1: the pane opens the first time the file is opened (the user is asked to trust the add-in) and
   * every time after; 0: only once the user has inserted the add-in.
   */
  visibility: 0 | 1;
}

/** The reference for templates: a share path gives the shared-folder catalog, none gives centralized deployment. */
export function addinReference(share?: string): AddinReference {
  const path = share?.trim();
  return path
    ? { id: ADDIN_ID, version: ADDIN_VERSION, storeType: 'FileSystem', store: path, visibility: 1 }
    : { id: ADDIN_ID, version: ADDIN_VERSION, storeType: 'EXCatalog', store: 'EXCatalog', visibility: 1 };
}
