import { EmptyState, PageHeader } from '../components/States.js';

/** A section whose screens land with their capability. */
export function pending(title: string, what: string) {
  return function PendingPage() {
    return (
      <div className="page">
        <PageHeader title={title} />
        <EmptyState title={`${title} is not in this build yet`}>{what}</EmptyState>
      </div>
    );
  };
}
