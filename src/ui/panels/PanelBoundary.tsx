import { Component, type ReactNode } from 'react';

interface BoundaryState {
  readonly error: string | null;
}

/**
 * Keeps one panel's exception inside that panel: React unmounts the whole page when a component
 * throws without a boundary above it, and with it the controls, the run and every other plot.
 */
export class PanelBoundary extends Component<{ readonly title: string; readonly children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="panel" data-testid="panel-failed" role="alert">
        <h2>{this.props.title}</h2>
        <p className="run-message error">
          This panel failed to draw: {this.state.error}. The run and the other panels go on, and the experiment is in the page's
          link; reload the page to draw this panel again.
        </p>
      </section>
    );
  }
}
