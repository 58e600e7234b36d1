/**
 * The units of a 汇总 as a table (Fluent UI's DataGrid): unit, status in words, when its return came,
 * how many rows, how many problems to correct; sortable by every column; a row opens the unit's
 * findings (click, or Enter on a focused row). In a narrow pane the time and rows go to the details.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import {
  Badge,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  mergeClasses,
  TableCellLayout,
  tokens,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { PROBLEMS_LABEL, submittedOrder, submittedText, UNIT_STATE_LABELS, type DashboardUnit, type UnitState } from '../../core/dashboard';

export const STATE_COLORS: Record<UnitState, 'success' | 'warning' | 'danger' | 'important' | 'informative'> = {
  'on-time': 'success',
  late: 'warning',
  missing: 'danger',
  'wrong-period': 'important',
  blank: 'important',
};

const useStyles = makeStyles({
  grid: { minWidth: 0 },
  row: { cursor: 'pointer' },
  open: { backgroundColor: tokens.colorBrandBackground2 },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXS },
  number: { fontVariantNumeric: 'tabular-nums' },
  unit: { fontWeight: tokens.fontWeightSemibold },
});

const byName = (a: string, b: string) => a.localeCompare(b, 'zh-Hans-CN');

function useWide(min: number): boolean {
  const query = `(min-width: ${min}px)`;
  const [wide, setWide] = useState(() => typeof window === 'undefined' || !window.matchMedia || window.matchMedia(query).matches);
  useEffect(() => {
    if (typeof window === 'undefined' || !window.matchMedia) return;
    const m = window.matchMedia(query);
    const on = () => setWide(m.matches);
    // addListener: EdgeHTML 18 and Safari 12 have no addEventListener on MediaQueryList.
    if (m.addEventListener) m.addEventListener('change', on);
    else m.addListener(on);
    return () => (m.removeEventListener ? m.removeEventListener('change', on) : m.removeListener(on));
  }, [query]);
  return wide;
}

export function UnitTable(props: { units: DashboardUnit[]; open: string | null; onOpen: (unit: string) => void }) {
  const styles = useStyles();
  const wide = useWide(560);
  const columns: TableColumnDefinition<DashboardUnit>[] = [
    createTableColumn<DashboardUnit>({
      columnId: 'unit',
      compare: (a, b) => byName(a.unit, b.unit),
      renderHeaderCell: () => '单位',
      renderCell: (u) => (
        <TableCellLayout truncate={false}>
          <span className={styles.unit}>{u.unit}</span>
        </TableCellLayout>
      ),
    }),
    createTableColumn<DashboardUnit>({
      columnId: 'state',
      compare: (a, b) => byName(UNIT_STATE_LABELS[a.state], UNIT_STATE_LABELS[b.state]) || b.problems - a.problems,
      renderHeaderCell: () => '报送情况',
      renderCell: (u) => (
        <span className={styles.badges} data-state={u.state}>
          <Badge appearance="tint" color={STATE_COLORS[u.state]}>
            {UNIT_STATE_LABELS[u.state]}
          </Badge>
          {u.problems ? (
            <Badge appearance="outline" color="danger">
              {PROBLEMS_LABEL}
            </Badge>
          ) : null}
        </span>
      ),
    }),
    ...(wide
      ? [
          createTableColumn<DashboardUnit>({
            columnId: 'submitted',
            compare: (a, b) => submittedOrder(a.submittedAt) - submittedOrder(b.submittedAt),
            renderHeaderCell: () => '报送时间',
            renderCell: (u) => <span className={styles.number}>{submittedText(u.submittedAt) || '—'}</span>,
          }),
          createTableColumn<DashboardUnit>({
            columnId: 'rows',
            compare: (a, b) => a.rows - b.rows,
            renderHeaderCell: () => '行数',
            renderCell: (u) => <span className={styles.number}>{u.rows}</span>,
          }),
        ]
      : []),
    createTableColumn<DashboardUnit>({
      columnId: 'problems',
      compare: (a, b) => a.problems - b.problems,
      renderHeaderCell: () => '问题',
      renderCell: (u) => <span className={styles.number}>{u.problems || (u.findings.length ? '—' : '')}</span>,
    }),
  ];
  return (
    <DataGrid
      className={styles.grid}
      items={props.units}
      columns={columns}
      sortable
      size="small"
      getRowId={(u: DashboardUnit) => u.unit}
      focusMode="row_unstable"
      resizableColumns
      aria-label="各单位报送情况"
      data-testid="unit-table"
      columnSizingOptions={{
        unit: { idealWidth: 200, minWidth: 110 },
        state: { idealWidth: 140, minWidth: 96 },
        submitted: { idealWidth: 110, minWidth: 90 },
        rows: { idealWidth: 50, minWidth: 44 },
        problems: { idealWidth: 50, minWidth: 44 },
      }}
    >
      <DataGridHeader>
        <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
      </DataGridHeader>
      <DataGridBody<DashboardUnit>>
        {({ item, rowId }) => (
          <DataGridRow<DashboardUnit>
            key={rowId}
            className={mergeClasses(styles.row, props.open === item.unit && styles.open)}
            aria-selected={props.open === item.unit}
            aria-expanded={props.open === item.unit}
            data-unit={item.unit}
            onClick={() => props.onOpen(item.unit)}
            onKeyDown={(e: KeyboardEvent<HTMLDivElement>) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                props.onOpen(item.unit);
              }
            }}
          >
            {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}
