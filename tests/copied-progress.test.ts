/**
 * The copied-progress rule (src/core/copiedProgress.ts) at its edges: what counts as the same
 * report again (identical but for spaces and punctuation, only dates changed, a few characters
 * added or dropped) and what does not (new figures, a sentence of news, too short to tell, a task
 * done in both periods).
 */
import {
  compareEntries,
  compareProgress,
  maskDates,
  MIN_CHARS,
  NEAR_MIN_CHARS,
  NEAR_THRESHOLD,
  normaliseProgress,
} from '../src/core/copiedProgress';

const BASE = '起草《扶贫干部激励关怀办法》征求意见稿，已征求各镇街意见，正在修改完善。';

describe('normalisation', () => {
  test('whitespace, line breaks, punctuation and width never matter', () => {
    expect(normaliseProgress('已完成招标，\n正在建设  区级电商服务中心。')).toBe(normaliseProgress('已完成招标正在建设区级电商服务中心'));
    expect(normaliseProgress('完成（一期）工程；ＡＢＣ１２３')).toBe('完成一期工程abc123');
    expect(compareProgress('召开专题会议２次，完成摸底排查！', '召开专题会议2次。完成摸底排查。')).toMatchObject({
      copied: true,
      how: 'identical',
    });
  });

  test('dates of every usual form are masked, quantities are not', () => {
    const masked = (s: string) => maskDates(s).split('\u0001').length - 1;
    expect(masked('截至6月底')).toBe(1);
    expect(masked('2019年6月20日召开')).toBe(1);
    expect(masked('2019-06-20、2019/9/3')).toBe(2);
    expect(masked('第二季度完成、上半年完成、前三季度')).toBe(3);
    expect(masked('九月中旬、6月份、11月初')).toBe(3);
    expect(masked('二〇一九年')).toBe(1);
    expect(maskDates('惠及35户，拨付120万元，3个月内完成')).toContain('35');
    expect(maskDates('惠及35户，拨付120万元，3个月内完成')).toContain('120');
    expect(maskDates('3个月内完成')).toContain('3');
  });
});

describe('the rule', () => {
  test('word for word: identical', () => {
    expect(compareProgress(BASE, BASE)).toEqual({ copied: true, how: 'identical', similarity: 1 });
  });

  test('only the dates changed: copied', () => {
    expect(compareProgress('截至9月底，已指导各镇街制定管理细则。', '截至6月底，已指导各镇街制定管理细则。')).toMatchObject({
      copied: true,
      how: 'dates-only',
    });
    expect(compareProgress('2019年第三季度召开推进会，部署下一步工作。', '2019年第二季度召开推进会，部署下一步工作。')).toMatchObject({
      copied: true,
      how: 'dates-only',
    });
    expect(compareProgress('已于2019-09-20完成督查，问题已整改。', '已于2019-06-18完成督查，问题已整改。')).toMatchObject({
      copied: true,
      how: 'dates-only',
    });
  });

  test('new figures are progress, even in the same sentence', () => {
    const c = compareProgress(
      '已按业务主管部门申请拨付第二批扶贫资金180万元，惠及贫困户52户，资金已全部拨付到位。',
      '已按业务主管部门申请拨付第二批扶贫资金120万元，惠及贫困户35户，资金已全部拨付到位。',
    );
    expect(c).toMatchObject({ copied: false, how: 'figures-changed' });
    // Nearly all of it the same: still not copied, a figure changed.
    expect(c.similarity).toBeGreaterThan(NEAR_THRESHOLD);
    // A date changed and a figure: the figure decides.
    expect(compareProgress('截至9月底，累计培训95人。', '截至6月底，累计培训60人。')).toMatchObject({
      copied: false,
      how: 'figures-changed',
    });
  });

  test('a few characters added or dropped: nearly identical, at the threshold', () => {
    const two = compareProgress('起草《扶贫干部激励关怀办法》征求意见稿，已广泛征求各镇街意见，正在修改完善。', BASE);
    expect(two).toMatchObject({ copied: true, how: 'near' });
    const longer = normaliseProgress('起草《扶贫干部激励关怀办法》征求意见稿，已广泛征求各镇街意见，正在修改完善。').length;
    expect(longer).toBe(33);
    expect(two.similarity).toBeCloseTo(1 - 2 / 33, 5);
    // Five characters added to 31 (0.86): below 0.9, a rewrite rather than a copy.
    const five = compareProgress('起草《扶贫干部激励关怀办法》征求意见稿，已征求各镇街和区直部门意见，正在修改完善。', BASE);
    expect(five.similarity).toBeLessThan(NEAR_THRESHOLD);
    expect(five).toMatchObject({ copied: false, how: 'different' });
    // A sentence of news added: not copied.
    expect(compareProgress(`${BASE}办法已提交区委常委会审议，拟于下月印发。`, BASE)).toMatchObject({ copied: false, how: 'different' });
  });

  test(`short texts: identical is judged from ${MIN_CHARS} characters, near only from ${NEAR_MIN_CHARS}`, () => {
    expect(compareProgress('推进中', '推进中')).toMatchObject({ copied: false, how: 'too-short' });
    expect(compareProgress('已完成。', '已完成。')).toMatchObject({ copied: false, how: 'too-short' });
    expect(compareProgress('正在选址建设中', '正在选址建设中')).toMatchObject({ copied: true, how: 'identical' });
    // 12 characters, one changed (0.92): too short for "nearly".
    expect(compareProgress('市场建设正在选址论证阶段', '市场建设正在选址论证阶级')).toMatchObject({ copied: false, how: 'different' });
    expect(compareProgress('', BASE)).toMatchObject({ copied: false, how: 'too-short' });
  });

  test('a task done in both periods is never copied; done now after 推进中 with the same text is', () => {
    const text = '涉农资金统筹整合方案已报区政府审定并印发执行。';
    expect(compareEntries({ status: '已完成', progress: text }, { status: '已完成 ', progress: text })).toMatchObject({
      copied: false,
      how: 'both-done',
    });
    expect(compareEntries({ status: '已完成', progress: text }, { status: '推进中', progress: text })).toMatchObject({
      copied: true,
      how: 'identical',
    });
    expect(compareEntries({ status: '推进中', progress: text }, { status: '推进中', progress: text })).toMatchObject({ copied: true });
  });
});
