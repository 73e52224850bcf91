/** Limits shared by the service, the socket layer, the forms and the browser (no server imports here). */
export const MAX_MESSAGE_CHARS = 4000;
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const REPLAY_PAGE_SIZE = 500;
