// The console's start, fetched by the entry beside the screen's chunk. ./boot
// (the bridge and the store) evaluates before React and the app: the page
// opens its socket and asks for its first board meanwhile.
import { state } from './boot';
import { mount } from './app/mount';

mount(state);
