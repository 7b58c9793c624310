import type { TriagePriority, VisitStatus } from '@mymedic/shared';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../ui/Badge';

const statusTones: Record<VisitStatus, BadgeTone> = {
  waiting: 'slate',
  in_triage: 'blue',
  in_consultation: 'teal',
  completed: 'green',
};

/** Where a visit stands, as a coloured badge with its words (`visits:status.*`). */
export function VisitStatusBadge({ status }: { status: VisitStatus | null }) {
  const { t } = useTranslation('visits');
  const shown = status ?? 'waiting';
  return <Badge tone={statusTones[shown]}>{t(`status.${shown}`)}</Badge>;
}

/** Emergency and urgent triage stand out: red or orange, a warning sign and bold words. */
export function TriageBadge({ priority }: { priority: TriagePriority }) {
  const { t } = useTranslation('visits');
  if (priority === 'routine') return <Badge tone="slate">{t('priority.routine')}</Badge>;
  return (
    <Badge tone={priority === 'emergency' ? 'red' : 'orange'} icon="⚠" strong>
      {t(`priority.${priority}`)}
    </Badge>
  );
}
