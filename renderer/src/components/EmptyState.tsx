interface Props {
  title: string;
  body?: string | undefined;
  action?: { label: string; run: () => void } | undefined;
  /** Laid over a grid's empty body rather than in the page flow. */
  overlay?: boolean;
}

export function EmptyState({ title, body, action, overlay = false }: Props) {
  return (
    <div className={`empty-state${overlay ? ' empty-state--overlay' : ''}`} data-testid="empty-state">
      <svg className="empty-state__mark" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="24" cy="24" r="20" />
        <path d="M15 24.5l6 6L33 18" />
      </svg>
      <p className="empty-state__title">{title}</p>
      {body && <p className="empty-state__body">{body}</p>}
      {action && (
        <button type="button" className="button" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}
