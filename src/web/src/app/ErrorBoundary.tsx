import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Translation } from 'react-i18next';

/** A page that failed to load (a new build replaced its chunk) or to render: say so, offer a reload. */
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
          <main id="main">
            <Result
              status="warning"
              title={t('errors.chunkFailed')}
              extra={
                <Button type="primary" onClick={() => window.location.reload()}>
                  {t('errors.reload')}
                </Button>
              }
            />
          </main>
        )}
      </Translation>
    );
  }
}
