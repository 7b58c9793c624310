import type { MessageRecipient } from '@mymedic/shared';
import type { TFunction } from 'i18next';
import { staffName } from '../../app/reference';
import type { StaffRow } from '../../engine/db';

/** How a conversation's other side is named: a colleague's name, or "All nurses". */
export const recipientName = (
  staff: Map<string, StaffRow>,
  recipient: MessageRecipient,
  t: TFunction<'messages'>,
) =>
  recipient.kind === 'role' ? t(`group.${recipient.role}`) : staffName(staff, recipient.user_id);
