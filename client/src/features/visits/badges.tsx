import type { TriagePriority, VisitStatus } from '@mymedic/shared';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { visitStatusWords } from './statusWords';

const statusTones: Record<VisitStatus, BadgeTone> = {
  waiting: 'slate',
  in_triage: 'blue',
  in_consultation: 'teal',
  completed: 'green',
};

/** Where a visit stands, as a coloured badge with its words. */
export function VisitStatusBadge({ status }: { status: VisitStatus | null }) {
  const shown = status ?? 'waiting';
  return <Badge tone={statusTones[shown]}>{visitStatusWords[shown]}</Badge>;
}

export const priorityWords: Record<TriagePriority, string> = {
  emergency: 'Emergency',
  urgent: 'Urgent',
  routine: 'Routine',
};

/** Emergency and urgent triage stand out: red, a warning sign and bold words. */
export function TriageBadge({ priority }: { priority: TriagePriority }) {
  if (priority === 'routine') return <Badge tone="slate">{priorityWords.routine}</Badge>;
  return (
    <Badge tone={priority === 'emergency' ? 'red' : 'orange'} icon="⚠" strong>
      {priorityWords[priority]}
    </Badge>
  );
}
