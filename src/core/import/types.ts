import type { ListDocument } from './document';

/**
 * What a layout reader returns before units, deadlines and ids are resolved: the tasks as the
 * document states them, with the place in the text for warnings.
 */
export interface RawTask {
  /** Short 项目名称 when the list gives one (a numbered title, a category), else derived from text. */
  title?: string;
  text: string;
  /** Unit lists as written (each entry may itself be a list such as "区扶贫办、区财政局等"). */
  lead: string[];
  partners: string[];
  leaders: string[];
  /** The 完成时限 cell when the list has a deadline column; undefined means look inside the text. */
  deadlineRaw?: string;
  plans: Record<string, string>;
  section: string;
  /** 1-based line of the task's start in the normalised text. */
  line: number;
  /** Where a person finds the task when lines mean nothing to them (第2个表格第5行, 工作表“清单”第7行). */
  where?: string;
  /** The problem (存在问题) of a task read as a problem with its measures. */
  problem?: string;
  /** The lead was named as such (牵头单位, X牵头): a document's "排在第一位的为牵头单位" does not apply to it. */
  leadExplicit?: boolean;
  /** The lead lists hold all responsible units and the first one named leads (列在首位的为牵头单位). */
  firstUnitLeads?: boolean;
}

export interface ImportWarning {
  line: number;
  /** Where the warning points when line numbers mean nothing to a person (Word, Excel, PDF): 第2个表格第5行. */
  where?: string;
  message: string;
}

export interface LayoutResult {
  tasks: RawTask[];
  warnings: ImportWarning[];
}

/**
 * One structure of responsibility list. `detect` scores how well the text fits (0 = not at all);
 * the importer runs the best-scoring layout. Adding a structure means adding one reader here.
 */
export interface Layout {
  name: string;
  /** Chinese description for messages, e.g. 责任主体表格. */
  label: string;
  detect(doc: ListDocument): number;
  /** Default for RawTask.firstUnitLeads in this structure. */
  firstUnitLeads?: boolean;
  read(doc: ListDocument): LayoutResult;
}
