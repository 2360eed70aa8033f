import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ConsoleState } from '../store/console';
import { initI18n } from '../i18n';
import { App } from './App';
import { ConsoleContext } from './ConsoleContext';
import { ErrorBoundary } from './ErrorBoundary';

/** Renders the console into #root (main.tsx, once ./boot has started the store). */
export function mount(state: ConsoleState): void {
  const i18n = initI18n('zh-CN');
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ConsoleContext.Provider value={state}>
        <ErrorBoundary area={i18n.t('app.title')}>
          <App />
        </ErrorBoundary>
      </ConsoleContext.Provider>
    </StrictMode>,
  );
}
