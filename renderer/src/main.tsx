import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ConsoleContext } from './app/ConsoleContext';
import { ErrorBoundary } from './app/ErrorBoundary';
import { createBridge } from './bridge';
import { initI18n } from './i18n';
import { startConsole } from './store/console';
import './app/theme.css';
import './app/desk.css';
import './wall/wall.css';

const i18n = initI18n('zh-CN');
const state = startConsole(createBridge());

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
