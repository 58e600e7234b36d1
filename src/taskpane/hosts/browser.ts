/**
 * The web page's door: picked files, the worker (engine.ts runs there), downloads, and this
 * browser's storage for the office's list. Nothing leaves the machine.
 */
import type { Catalog } from '../../core/catalog';
import { fetchBundledList, fetchBundledLists } from '../bundled';
import { loadLocal, saveLocal } from '../remembered';
import { downloadBytes, readParams, ZIP_MIME } from '../shared';
import { workerClient } from '../web/workerClient';
import type { Progress } from '../web/protocol';
import type { Host } from './types';

function base(): string {
  return document.baseURI;
}

export function browserHost(): Host {
  const share = () => readParams().share;
  return {
    kind: 'browser',
    words: {
      fillTab: '模板',
      fillButton: '下载模板',
      fillHint: '生成官方格式的进度情况表，已预填该单位承担的任务，发给各单位填报。',
      saveMerged: '下载汇总表',
      saveLedger: '下载台账',
      saveCatalog: '下载任务清单',
      feedbackAll: '下载需更正的报表（zip）',
      feedbackOne: '下载',
      checkIntro: '选择一个单位报回的进度表，检查缺报、逾期、未填等问题。',
    },
    async start() {
      const params = readParams();
      const bundled = await fetchBundledLists();
      return {
        bundled,
        remembered: loadLocal(),
        problems: [],
        link: { catalog: params.catalog, period: params.period, asOf: params.asOf },
      };
    },
    async remember(state) {
      saveLocal(state);
    },
    loadBundled: fetchBundledList,
    readListFile: (file) => workerClient.call('listFile', { file, base: base() }),
    readListText: (text) => workerClient.call('listText', { text }),
    savesCatalogInWorkbook: false,
    async saveCatalog(catalog: Catalog) {
      const r = await workerClient.call('catalogFile', { catalog });
      downloadBytes(r.bytes, r.fileName);
      return `已下载 ${r.fileName}`;
    },
    async fill(req) {
      const r = await workerClient.call('template', {
        catalog: req.catalog,
        unit: req.unit,
        period: req.period.code,
        share: share(),
        previous: req.previous,
        copyPrevious: req.copyPrevious,
      });
      downloadBytes(r.bytes, r.fileName);
      return { kind: 'download', name: r.fileName, unit: req.unit, label: '', tasks: 0, notes: [] };
    },
    async fillAll(req, onStep) {
      const r = await workerClient.call('templates', { catalog: req.catalog, period: req.period.code, share: share() }, (p) => {
        if (p.kind === 'step') onStep(p);
      });
      downloadBytes(r.bytes, r.fileName, ZIP_MIME);
      return `已下载 ${r.fileName}（${r.count} 个单位）`;
    },
    readWorkbook: (file) => workerClient.call('workbook', { file }),
    checkSource: 'file',
    check: (req) => {
      if (!req.file) return Promise.reject(new Error('请先选择报表文件'));
      return workerClient.call('check', { file: req.file, catalog: req.catalog, period: req.period, asOf: req.asOf });
    },
    async annotate(file, findings) {
      const r = await workerClient.call('annotate', { file, findings });
      downloadBytes(r.bytes, r.fileName);
      return `已下载 ${r.fileName}`;
    },
    merge: (req, onFile, onStep) =>
      workerClient.call('merge', req, (p: Progress) => {
        if (p.kind === 'file') onFile(p);
        else onStep(p);
      }),
    async saveMerged(done) {
      downloadBytes(done.handle as Uint8Array, done.fileName);
      return null;
    },
    async feedbackAll(done, files) {
      const zip = await workerClient.call('feedback', { files, copies: done.feedback, period: done.summary.period });
      downloadBytes(zip.bytes, zip.fileName, ZIP_MIME);
    },
    async feedbackOne(_done, copy, files) {
      const r = await workerClient.call('feedbackOne', { files, copy });
      downloadBytes(r.bytes, r.fileName);
    },
    readConsolidation: (file) => workerClient.call('consolidation', { file }),
    async buildLedger(files) {
      const r = await workerClient.call('ledger', { files });
      return { ledger: r.ledger, fileName: r.fileName, handle: r.bytes };
    },
    async saveLedger(done) {
      downloadBytes(done.handle as Uint8Array, done.fileName);
    },
  };
}
