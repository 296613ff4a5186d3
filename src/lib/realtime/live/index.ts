/** The server-written `meeting/<id>/live` doc: shape and validated reading. */
export * from './schema.ts';
export { readLive, type LiveView } from './read.ts';
export { liveVoteKey, readLiveVote, type LiveVote } from './vote.ts';
