import { roleGroupNames, type MessageRecipient } from '@mymedic/shared';
import { staffName } from '../../app/reference';
import type { StaffRow } from '../../engine/db';

/** How a conversation's other side is named: a colleague's name, or "All nurses". */
export const recipientName = (staff: Map<string, StaffRow>, recipient: MessageRecipient) =>
  recipient.kind === 'role' ? roleGroupNames[recipient.role] : staffName(staff, recipient.user_id);
