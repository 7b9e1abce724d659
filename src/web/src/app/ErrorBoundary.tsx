import { Component, type ReactNode } from 'react';
import { Translation } from 'react-i18next';
import '../shared/plain-controls.css';

/**
 * A page that failed to load (a new build replaced its chunk) or to render: say so, offer a reload.
 * Plain HTML (shared/plain-controls.css): it sits above Ant Design's theme, which loads after the login.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <Translation>
        {(t) => (
          <main id="main" className="error-page">
            <div role="alert">
              <h1 className="error-page-title">{t('errors.chunkFailed')}</h1>
              <button type="button" className="plain-button plain-button-primary" onClick={() => window.location.reload()}>
                {t('errors.reload')}
              </button>
            </div>
          </main>
        )}
      </Translation>
    );
  }
}
