import { Component, type ErrorInfo, type ReactNode } from 'react';
import { withTranslation, type WithTranslation } from 'react-i18next';

interface Props extends WithTranslation {
  /** Which part of the screen this guards, named in the message. */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * A failing page shows what failed and where, and the rest of the console (the
 * header, the stale banner, other pages) keeps running: never a white screen.
 */
class Boundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`render failed in ${this.props.area}`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    const { t, area, children } = this.props;
    if (!error) return children;
    return (
      <section className="error-panel" role="alert" data-testid="error-boundary">
        <h2>{t('error.title')}</h2>
        <p>{t('error.body', { area })}</p>
        <details open>
          <summary>{t('error.detail')}</summary>
          <pre>{`${error.name}: ${error.message}\n${error.stack ?? ''}`}</pre>
        </details>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          {t('error.reload')}
        </button>
      </section>
    );
  }
}

export const ErrorBoundary = withTranslation()(Boundary);
