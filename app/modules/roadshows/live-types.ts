/** Shapes the live room sends to browsers (shared by the server and the client). */
export type ChatView = { id: string; seq: number; clientId: string; userId: string; name: string; orgName: string; body: string; deleted: boolean; createdAt: number };

/** What the audience sees: no name when the asker chose anonymity, never the asker's ids. */
export type QuestionView = {
  id: string;
  body: string;
  state: "pending" | "approved" | "hidden" | "merged";
  votes: number;
  anonymous: boolean;
  askerName: string | null;
  askerOrgName: string | null;
  mergedIntoId: string | null;
  answeringNow: boolean;
  answerText: string | null;
  answeredLive: boolean;
  answeredAt: number | null;
  createdAt: number;
};
