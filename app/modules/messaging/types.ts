/** Shapes that cross the wire (socket acks, loaders); shared by the server and the browser. */
export type AttachmentView = { id: string; fileName: string; mimeType: string; sizeBytes: number };
export type MessageView = {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  senderUserId: string;
  senderOrgId: string;
  senderName: string;
  body: string;
  attachments: AttachmentView[];
  createdAt: number;
};
export type ReceiptView = { conversationId: string; userId: string; orgId: string; lastDeliveredSeq: number; lastReadSeq: number };
export type SocketError = { code: string; message: string; values?: Record<string, string | number> };
export type AckReply<T> = ({ ok: true } & T) | { ok: false; error: SocketError };
