/**
 * Groups that lead tasks but have no members yet (各乡镇, 各区（县）, 成员单位): how many tasks wait
 * for them, and a field per group to name its members. Host-agnostic: the catalog in, the group and
 * the names typed out through a callback; the pane writes the result into the workbook's 单位名录,
 * the web page keeps it for its templates (and offers the catalog workbook for download).
 */
import { useState } from 'react';
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import { waitingGroups, waitingGroupsText } from '../../core/assignment';
import type { Catalog } from '../../core/catalog';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '160px' },
});

export interface GroupMembersProps {
  catalog: Catalog;
  includePartners?: boolean;
  busy?: boolean;
  onMembers: (group: string, members: string[]) => void;
}

/** Names typed in one field: separated by 、，, ; or spaces. */
export function memberNames(text: string): string[] {
  return text
    .split(/[、，,；;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function GroupMembers(props: GroupMembersProps) {
  const styles = useStyles();
  const waiting = waitingGroups(props.catalog, { includePartners: props.includePartners });
  const [typed, setTyped] = useState<Record<string, string>>({});
  if (!waiting.length) return null;
  return (
    <div className={styles.root} data-testid="group-members">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>分组尚无成员</MessageBarTitle>
          <span data-testid="waiting-groups">{waitingGroupsText(waiting)}</span>。填写成员单位后，这些任务由各成员单位分别填报。
        </MessageBarBody>
      </MessageBar>
      {waiting.map((w, i) => (
        <div key={w.group} className={styles.row}>
          <Field className={styles.grow} label={`${w.group}的成员单位`} hint="用顿号或逗号分隔，如：城关镇、河口镇、新华乡">
            <Input
              id={`group-members-${i + 1}`}
              value={typed[w.group] ?? ''}
              onChange={(_, d) => setTyped({ ...typed, [w.group]: d.value })}
            />
          </Field>
          <Button
            disabled={props.busy || !memberNames(typed[w.group] ?? '').length}
            onClick={() => props.onMembers(w.group, memberNames(typed[w.group] ?? ''))}
          >
            保存成员
          </Button>
        </div>
      ))}
    </div>
  );
}
