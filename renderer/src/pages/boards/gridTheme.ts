import { themeQuartz } from 'ag-grid-community';

// One grid theme for both colour schemes: every colour is a CSS variable of the
// app theme, so switching dark/light is one attribute on <html>.
export const gridTheme = themeQuartz.withParams({
  backgroundColor: 'var(--panel)',
  foregroundColor: 'var(--text)',
  headerBackgroundColor: 'var(--panel-2)',
  headerTextColor: 'var(--text-dim)',
  borderColor: 'var(--border)',
  accentColor: 'var(--accent)',
  oddRowBackgroundColor: 'var(--panel-odd)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
  valueChangeValueHighlightBackgroundColor: 'var(--flash)',
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 36,
  headerHeight: 34,
  spacing: 6,
  wrapperBorderRadius: 6,
});
