// ag-grid's modules, registered by the first grid's chunk to load (the board or
// the heatmap drill-down), so screens without a grid (the wall) never load them.
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';

ModuleRegistry.registerModules([AllCommunityModule]);
