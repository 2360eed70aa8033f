// The entry. Modules evaluate in the order imported: ./boot (the bridge and the
// store) connects before React and the app are evaluated; all of them are in
// the page's first requests (no chunk fetched later on the way to a board).
import { state } from './boot';
import { mount } from './app/mount';
import './app/theme.css';
import './app/desk.css';
import './wall/wall.css';

mount(state);
