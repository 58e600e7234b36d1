/**
 * 退回修改: after a merge, the units whose returns have something to correct, each to get its own
 * form back marked up (core/feedback.ts). Host-agnostic: the pane opens a copy in a new workbook,
 * the web page downloads them all as one zip; both pass their actions in.
 */
import { Button, Spinner, Text } from '@fluentui/react-components';
import { ErrorBar, useAction, useWebStyles } from '../shared';

export interface FeedbackItem {
  unit: string;
  fileName: string;
  /** How many things to correct. */
  problems: number;
}

export function FeedbackPanel(props: {
  items: FeedbackItem[];
  /** All the copies at once (a zip). */
  onAll: () => Promise<void>;
  allLabel: string;
  /** One unit's copy, where the host can show it (the pane: a new workbook). */
  onOne?: (index: number) => Promise<void>;
  oneLabel?: string;
}) {
  const s = useWebStyles();
  const { busy, error, setError, run } = useAction();
  const { items } = props;
  return (
    <div className={s.section} role="region" aria-label="退回修改" data-testid="feedback">
      <h3 className={s.heading}>退回修改</h3>
      {items.length ? (
        <>
          <Text size={200}>
            {items.length}{' '}
            个单位的报表需更正。每个单位一份其原表的副本：需更正的单元格标红并附批注，另有“需更正事项”表列出要改的内容；无需更正的单位不生成。
          </Text>
          <ul className={s.list} data-testid="feedback-units">
            {items.map((item, i) => (
              <li key={item.fileName} className={s.row}>
                <Text size={200}>
                  {item.unit}：{item.problems} 处需更正
                </Text>
                {props.onOne ? (
                  <Button
                    size="small"
                    disabled={busy !== null}
                    onClick={() => void run(`one${i}`, () => props.onOne?.(i) ?? Promise.resolve())}
                  >
                    {props.oneLabel ?? '打开'}
                  </Button>
                ) : null}
                {busy === `one${i}` ? <Spinner size="tiny" /> : null}
              </li>
            ))}
          </ul>
          <div className={s.row}>
            <Button disabled={busy !== null} onClick={() => void run('all', props.onAll)}>
              {props.allLabel}
            </Button>
            {busy === 'all' ? <Spinner size="tiny" /> : null}
          </div>
        </>
      ) : (
        <Text size={200}>各单位的报表均无需更正，不必退回。</Text>
      )}
      <ErrorBar title="生成反馈表失败" message={error} onDismiss={() => setError(null)} />
    </div>
  );
}
