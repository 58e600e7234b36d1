/**
 * The Office web-extension parts that make Excel open the add-in's task pane with a workbook
 * ("Automatically open a task pane with a document", Microsoft Learn; [MS-OWEXML]):
 *   xl/webextensions/webextension1.xml  the add-in reference (manifest Id, version, store) and the
 *                                       Office.AutoShowTaskpaneWithDocument property
 *   xl/webextensions/taskpanes.xml      the pane: dock state, visibility, width
 * tied together by relationships and content types. ExcelJS does not write them, so they are added
 * to its output here.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { AddinReference } from '../core/addin';
import { escapeXml } from './xml';

export const WEBEXTENSION_PART = 'xl/webextensions/webextension1.xml';
export const TASKPANES_PART = 'xl/webextensions/taskpanes.xml';
const TASKPANES_RELS = 'xl/webextensions/_rels/taskpanes.xml.rels';
const REL_TASKPANES = 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes';
const REL_WEBEXTENSION = 'http://schemas.microsoft.com/office/2011/relationships/webextension';
const CT_TASKPANES = 'application/vnd.ms-office.webextensiontaskpanes+xml';
const CT_WEBEXTENSION = 'application/vnd.ms-office.webextension+xml';
/** Instance id of the web extension inside this document (any GUID; fixed for deterministic bytes). */
const INSTANCE_ID = '{A1E7D0C2-5B3F-4E8A-9C61-2D4F8B7E0A13}';

export function webExtensionXml(ref: AddinReference): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    `<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="${INSTANCE_ID}">` +
    `<we:reference id="${escapeXml(ref.id)}" version="${escapeXml(ref.version)}" store="${escapeXml(ref.store)}" storeType="${ref.storeType}"/>` +
    '<we:alternateReferences/>' +
    '<we:properties><we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/></we:properties>' +
    '<we:bindings/>' +
    '<we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>' +
    '</we:webextension>'
  );
}

export function taskpanesXml(ref: AddinReference): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">' +
    `<wetp:taskpane dockstate="right" visibility="${ref.visibility}" width="350" row="0">` +
    '<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>' +
    '</wetp:taskpane></wetp:taskpanes>'
  );
}

function addBefore(xml: string, closing: string, fragment: string): string {
  const at = xml.lastIndexOf(closing);
  if (at < 0) throw new Error(`xlsx 结构异常：找不到 ${closing}`);
  return xml.slice(0, at) + fragment + xml.slice(at);
}

/** Adds the two parts, their relationships and content types to an .xlsx package. */
export function addWebExtension(bytes: Uint8Array, ref: AddinReference, modified: Date): Uint8Array {
  const files = unzipSync(bytes);
  if (files[WEBEXTENSION_PART]) return bytes;
  const types = strFromU8(files['[Content_Types].xml']);
  files['[Content_Types].xml'] = strToU8(
    addBefore(
      types,
      '</Types>',
      `<Override PartName="/${TASKPANES_PART}" ContentType="${CT_TASKPANES}"/><Override PartName="/${WEBEXTENSION_PART}" ContentType="${CT_WEBEXTENSION}"/>`,
    ),
  );
  const rels = strFromU8(files['_rels/.rels']);
  files['_rels/.rels'] = strToU8(
    addBefore(rels, '</Relationships>', `<Relationship Id="rIdJinduTaskpanes" Type="${REL_TASKPANES}" Target="${TASKPANES_PART}"/>`),
  );
  files[TASKPANES_PART] = strToU8(taskpanesXml(ref));
  files[WEBEXTENSION_PART] = strToU8(webExtensionXml(ref));
  files[TASKPANES_RELS] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL_WEBEXTENSION}" Target="webextension1.xml"/>` +
      '</Relationships>',
  );
  // Entries keep their order, with the workbook's modified time, so the same input gives the same bytes.
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) out[name] = [data, { mtime: modified, level: 6 }];
  return zipSync(out);
}

/** What a package says about the add-in, for tests and for the checks of returns: the reference and pane, or null. */
export function readWebExtension(bytes: Uint8Array): { reference: Record<string, string>; autoShow: boolean; visibility: string } | null {
  const files = unzipSync(bytes, { filter: (f) => f.name === WEBEXTENSION_PART || f.name === TASKPANES_PART });
  const we = files[WEBEXTENSION_PART];
  const tp = files[TASKPANES_PART];
  if (!we || !tp) return null;
  const weXml = strFromU8(we);
  const refTag = /<we:reference\b([^>]*)\/>/.exec(weXml)?.[1] ?? '';
  const reference: Record<string, string> = {};
  for (const m of refTag.matchAll(/(\w+)="([^"]*)"/g)) reference[m[1]] = m[2];
  return {
    reference,
    autoShow: /name="Office\.AutoShowTaskpaneWithDocument" value="true"/.test(weXml),
    visibility: /visibility="(\d)"/.exec(strFromU8(tp))?.[1] ?? '',
  };
}
