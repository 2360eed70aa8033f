// ag-grid's modules, registered by the first grid's chunk to load (the board or
// the heatmap drill-down), so screens without a grid (the wall) never load them.
// Only the features the console uses: AllCommunityModule's editors, column
// filters, CSV export, pagination and other row models made the grid's chunk
// 1.13 MB instead of 0.73 MB (esbuild, minified), all of it parsed and its
// beans built before a cold start's first board shows. A feature used without
// its module is logged by the grid; every e2e test fails on such a log
// (tests/e2e/fixtures.ts).
import {
  CellApiModule,
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  EventApiModule,
  ExternalFilterModule,
  HighlightChangesModule,
  LocaleModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  ExternalFilterModule,
  RowSelectionModule,
  CellStyleModule,
  RowStyleModule,
  ColumnAutoSizeModule,
  ColumnApiModule,
  RowApiModule,
  RenderApiModule,
  CellApiModule,
  HighlightChangesModule,
  ScrollApiModule,
  EventApiModule,
  // The grid's own words in the console's language (localeText, BoardGrid.tsx); without it they stay English, unlogged.
  LocaleModule,
]);
