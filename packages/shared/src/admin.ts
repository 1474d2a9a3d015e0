import { z } from 'zod';
import { notificationContentSchema, userIdSchema } from './notification.js';

/** The most users one `admin.send` may address; one document each, bulk-inserted. */
export const ADMIN_SEND_MAX_USERS = 10_000;

export const adminSendInputSchema = notificationContentSchema.extend({
  userIds: z.array(userIdSchema).min(1).max(ADMIN_SEND_MAX_USERS),
});

export const adminSendResultSchema = z.object({ inserted: z.number().int().nonnegative() });

export type AdminSendInput = z.infer<typeof adminSendInputSchema>;
export type AdminSendResult = z.infer<typeof adminSendResultSchema>;
