/**
 * The OpenAPI 3.1 document of the JSON API (served at /api/openapi.json). Written by hand, next to
 * docs/api.md; a unit spec checks that every route file under src/routes/api/v1 has its path and
 * methods here, and that nothing here lacks a route.
 */
import { fundingSources, limits } from '../../realtime/board/schema.ts';
import { meetingPhases } from '../../domain/meeting-phase.ts';
import { meetingKinds, voterModes } from '../../domain/meeting-input.ts';
import { voteMethods } from '../../domain/votes/methods.ts';
import { voteStatuses } from '../../domain/votes/status.ts';
import { apiErrorCodes } from './json.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: Json) => ({ 'application/json': { schema } });

/** An error answer with the codes a status can carry. */
const error = (description: string) => ({
	description,
	content: jsonContent(ref('Error'))
});

const errors = {
	400: error('`malformed_json`: the body is not a JSON object.'),
	401: error('`unauthenticated`: not signed in.'),
	403: error('`forbidden`: this account or participant may not do this.'),
	404: error('`not_found`: no such meeting, or not one of this account’s kelurahan.'),
	409: error('`wrong_phase` or `sealed`: the meeting’s phase does not allow this now.'),
	413: error('`payload_too_large`.'),
	415: error('`unsupported_media_type`: send `content-type: application/json`.'),
	422: error('`invalid`: see `fields` (field path → codes).'),
	429: error('`rate_limited`: see the Retry-After header (seconds).')
} as const;

type Status = keyof typeof errors;
const pick = (...codes: Status[]) => Object.fromEntries(codes.map((c) => [c, errors[c]]));

const meetingIdParam = {
	name: 'meetingId',
	in: 'path',
	required: true,
	schema: { type: 'string', format: 'uuid' }
};

const staff = [{ sessionCookie: [] }];
const staffOrParticipant = [{ sessionCookie: [] }, { participantCookie: [] }];

const ok = (description: string, schema: Json) => ({ description, content: jsonContent(schema) });
const body = (schema: Json, required = true) => ({ required, content: jsonContent(schema) });
const obj = (properties: Record<string, Json>, required: string[] = []) => ({
	type: 'object',
	properties,
	required
});
const nullable = (type: string, extra: Record<string, Json> = {}) => ({
	type: [type, 'null'],
	...extra
});

const meetingResponse = ok('The meeting.', obj({ meeting: ref('Meeting') }, ['meeting']));

const voteIdParam = {
	name: 'voteId',
	in: 'path',
	required: true,
	schema: { type: 'string', format: 'uuid' }
};

/** Error codes only the votes endpoints use (src/routes/api/v1/votes/refusal.ts). */
const voteErrorCodes = [
	'not_open',
	'closed',
	'not_closed',
	'not_eligible',
	'invalid_ballot',
	'no_ballot',
	'no_final_list'
];

/** A votes refusal: the API's error shape with the votes' own codes. */
const voteError = (description: string) => ({
	description,
	content: jsonContent(ref('VoteError'))
});

const voteResponse = ok('The vote.', obj({ vote: ref('Vote') }, ['vote']));

/** The document; `servers` is left out so it works on whatever host serves it. */
export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'Rembuk API',
		version: '1',
		description:
			'JSON API for integrations and scripts: the same services, validation and permission ' +
			'checks as the pages. See docs/api.md for authentication, CSRF and examples.'
	},
	tags: [
		{ name: 'session', description: 'Signing in and out (staff accounts).' },
		{ name: 'meetings', description: 'Meetings of the signed-in account’s kelurahan.' },
		{ name: 'participants', description: 'Joining a meeting and its attendance.' },
		{ name: 'board', description: 'The live usulan board and its finalized versions.' },
		{ name: 'votes', description: 'Votes, ballots, hand and paper counts, and decisions.' }
	],
	paths: {
		'/api/v1/session': {
			post: {
				tags: ['session'],
				summary: 'Sign in',
				description:
					'Checks the username and password and sets the session cookie, as the login page does.',
				security: [],
				requestBody: body(
					obj(
						{
							username: { type: 'string', maxLength: 64 },
							password: { type: 'string', maxLength: 256 }
						},
						['username', 'password']
					)
				),
				responses: {
					200: ok(
						'Signed in; the response sets the session cookie.',
						obj(
							{
								user: obj({
									id: { type: 'string', format: 'uuid' },
									username: { type: 'string' },
									displayName: { type: 'string' },
									role: { type: 'string', enum: ['admin', 'staff', 'facilitator'] }
								}),
								expiresAt: { type: 'string', format: 'date-time' }
							},
							['user', 'expiresAt']
						)
					),
					401: error('`invalid_credentials`: wrong username or password.'),
					...pick(400, 413, 415, 422, 429)
				}
			},
			delete: {
				tags: ['session'],
				summary: 'Sign out',
				description: 'Ends the session and clears the cookie. Idempotent.',
				security: [],
				responses: { 204: { description: 'Signed out.' } }
			}
		},
		'/api/v1/meetings': {
			get: {
				tags: ['meetings'],
				summary: 'List meetings',
				security: staff,
				responses: {
					200: ok(
						'The meetings, the next or latest first.',
						obj({ meetings: { type: 'array', items: ref('Meeting') } }, ['meetings'])
					),
					...pick(401)
				}
			},
			post: {
				tags: ['meetings'],
				summary: 'Create a meeting',
				description: 'A draft in the account’s kelurahan, with its join code.',
				security: staff,
				requestBody: body(ref('MeetingInput')),
				responses: {
					201: { ...meetingResponse, description: 'Created.' },
					...pick(400, 401, 403, 413, 415, 422)
				}
			}
		},
		'/api/v1/meetings/{meetingId}': {
			parameters: [meetingIdParam],
			get: {
				tags: ['meetings'],
				summary: 'Read a meeting',
				security: staff,
				responses: { 200: meetingResponse, ...pick(401, 404) }
			},
			patch: {
				tags: ['meetings'],
				summary: 'Update a meeting',
				description:
					'The fields sent replace the current ones; the rest stay. The result is validated ' +
					'as a whole. Refused (409 `sealed`) once the meeting is closed.',
				security: staff,
				requestBody: body({ ...ref('MeetingInput'), description: 'Any subset of the fields.' }),
				responses: { 200: meetingResponse, ...pick(400, 401, 404, 409, 413, 415, 422) }
			}
		},
		'/api/v1/meetings/{meetingId}/phase': {
			parameters: [meetingIdParam],
			post: {
				tags: ['meetings'],
				summary: 'Change the phase',
				description:
					'Moves forward to `to`, never back (409 `wrong_phase`, reason `backwards`). ' +
					'Asking for the current phase changes nothing.',
				security: staff,
				requestBody: body(
					obj({ to: { type: 'string', enum: meetingPhases.filter((p) => p !== 'draft') } }, ['to'])
				),
				responses: { 200: meetingResponse, ...pick(400, 401, 404, 409, 415, 422) }
			}
		},
		'/api/v1/meetings/{meetingId}/board-lock': {
			parameters: [meetingIdParam],
			post: {
				tags: ['meetings'],
				summary: 'Lock or unlock the board for residents',
				security: staff,
				requestBody: body(obj({ locked: { type: 'boolean' } }, ['locked'])),
				responses: { 200: meetingResponse, ...pick(400, 401, 404, 415, 422) }
			}
		},
		'/api/v1/join': {
			post: {
				tags: ['participants'],
				summary: 'Join a meeting by its code',
				description:
					'Sets the participant cookie. A phone that already holds this meeting’s cookie ' +
					'rejoins as the same participant (200). Only wrong codes count towards the limit.',
				security: [],
				requestBody: body(ref('JoinInput')),
				responses: {
					200: ok('Rejoined as the same participant.', ref('Joined')),
					201: ok('Joined; the response sets the participant cookie.', ref('Joined')),
					404: error('`unknown_code`: no meeting holds this code.'),
					409: error(
						'`wrong_phase` with `reason`: `not_open`, `ended` or `locked` (joining closed).'
					),
					...pick(400, 413, 415, 422, 429)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/participants': {
			parameters: [
				meetingIdParam,
				{
					name: 'includeGone',
					in: 'query',
					required: false,
					description: '`true` adds removed participants and merged duplicates.',
					schema: { type: 'string', enum: ['true', 'false'] }
				}
			],
			get: {
				tags: ['participants'],
				summary: 'List participants',
				security: staff,
				responses: {
					200: ok(
						'In the order they joined.',
						obj({ participants: { type: 'array', items: ref('Participant') } }, ['participants'])
					),
					...pick(401, 404)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/attendance': {
			parameters: [meetingIdParam],
			get: {
				tags: ['participants'],
				summary: 'Attendance figures',
				description: 'Totals, by RW, and inclusion shares against the meeting’s thresholds.',
				security: staff,
				responses: {
					200: ok('The figures.', obj({ attendance: { type: 'object' } }, ['attendance'])),
					...pick(401, 404)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/board': {
			parameters: [meetingIdParam],
			get: {
				tags: ['board'],
				summary: 'Read the live board',
				security: staffOrParticipant,
				responses: {
					200: ok(
						'The board as every screen shows it.',
						obj(
							{
								items: {
									type: 'array',
									items: ref('BoardItem'),
									description: 'Listed items in board order.'
								},
								mergedItems: { type: 'array', items: ref('BoardItem') },
								deletedItems: { type: 'array', items: ref('BoardItem') },
								invalid: { type: 'array', items: ref('InvalidItem') },
								locked: { type: 'boolean' },
								writable: {
									type: 'boolean',
									description: 'Whether the caller may add or edit usulan now.'
								}
							},
							['items', 'mergedItems', 'deletedItems', 'invalid', 'locked', 'writable']
						)
					),
					...pick(401, 404)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/board/items': {
			parameters: [meetingIdParam],
			post: {
				tags: ['board'],
				summary: 'Add an usulan to the board',
				description:
					'Staff may while the meeting is a draft, open or collecting; its participants only ' +
					'while collecting and the board is not locked (403 `board_read_only` otherwise).',
				security: staffOrParticipant,
				requestBody: body(ref('ItemInput')),
				responses: {
					201: ok('Added at the end of the board.', obj({ item: ref('BoardItem') }, ['item'])),
					403: error('`board_read_only`: the board cannot be changed by this caller now.'),
					...pick(400, 401, 404, 413, 415, 422)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/finalize': {
			parameters: [meetingIdParam],
			post: {
				tags: ['board'],
				summary: 'Finalize the board',
				description:
					'Materializes the board into a new version of ranked usulan. Allowed while ' +
					'collecting, voting or closed. The body may be empty but must be sent as ' +
					'`application/json`.',
				security: staff,
				requestBody: body({ type: 'object' }, false),
				responses: {
					200: ok('The board was unchanged: the latest version.', ref('Finalized')),
					201: ok('A new version.', ref('Finalized')),
					409: error('`wrong_phase` (reason `too_early`: draft or open) or `sealed` (finalized).'),
					...pick(400, 401, 403, 404, 415)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/usulan': {
			parameters: [meetingIdParam],
			get: {
				tags: ['board'],
				summary: 'The latest finalized usulan',
				security: staffOrParticipant,
				responses: {
					200: ok(
						'`version` is null before the first finalize.',
						obj(
							{
								version: { oneOf: [ref('BoardVersion'), { type: 'null' }] },
								usulan: { type: 'array', items: ref('Usulan') },
								skipped: { type: 'array', items: ref('InvalidItem') }
							},
							['version', 'usulan', 'skipped']
						)
					),
					...pick(401, 404)
				}
			}
		},
		'/api/v1/meetings/{meetingId}/votes': {
			parameters: [meetingIdParam],
			get: {
				tags: ['votes'],
				summary: 'List the meeting’s votes',
				description:
					'In the order they were prepared. Staff see every vote; the meeting’s participants ' +
					'only the opened ones (open or closed).',
				security: staffOrParticipant,
				responses: {
					200: ok('The votes.', obj({ votes: { type: 'array', items: ref('Vote') } }, ['votes'])),
					...pick(401, 404)
				}
			},
			post: {
				tags: ['votes'],
				summary: 'Prepare a vote',
				description:
					'A draft on usulan of the latest final list (all of them, or `usulanIds`), on ' +
					'candidates (`candidateIds`, participants of the meeting) or on free options ' +
					'(`labels`). The meeting’s quorum and voter rule are the defaults.',
				security: staff,
				requestBody: body(ref('VoteInput')),
				responses: {
					201: ok(
						'Prepared (a draft); Location names the vote.',
						obj({ vote: ref('Vote'), options: { type: 'array', items: ref('VoteOption') } }, [
							'vote',
							'options'
						])
					),
					403: error('`forbidden`: a resident (participant cookie) may not prepare votes.'),
					409: voteError(
						'`no_final_list` (a vote on usulan before the board was finalized), or `sealed` ' +
							'(the meeting is closed).'
					),
					...pick(400, 401, 404, 413, 415, 422)
				}
			}
		},
		'/api/v1/votes/{voteId}': {
			parameters: [voteIdParam],
			get: {
				tags: ['votes'],
				summary: 'Read a vote',
				description:
					'With its options and tally. Staff always see the tally; participants see the vote ' +
					'once opened, and the tally when results are live or the vote has closed (null ' +
					'otherwise). A closed vote answers its final tally. No answer says who chose what.',
				security: staffOrParticipant,
				responses: {
					200: ok(
						'The vote.',
						obj(
							{
								vote: ref('Vote'),
								options: { type: 'array', items: ref('VoteOption') },
								tally: { oneOf: [ref('VoteTally'), { type: 'null' }] }
							},
							['vote', 'options', 'tally']
						)
					),
					...pick(401, 404)
				}
			}
		},
		'/api/v1/votes/{voteId}/open': {
			parameters: [voteIdParam],
			post: {
				tags: ['votes'],
				summary: 'Open (or reopen) a vote',
				description:
					'Starts its timer. Reopening a closed vote clears its final tally and starts a fresh ' +
					'timer; opening an open vote changes nothing. The body may be empty but must be ' +
					'sent as `application/json`.',
				security: staff,
				requestBody: body({ type: 'object' }, false),
				responses: {
					200: voteResponse,
					409: error(
						'`wrong_phase` (reason `not_voting`): the meeting is not in its voting phase.'
					),
					...pick(400, 401, 403, 404, 415)
				}
			}
		},
		'/api/v1/votes/{voteId}/close': {
			parameters: [voteIdParam],
			post: {
				tags: ['votes'],
				summary: 'Close a vote',
				description:
					'Closes it now and stores its final tally. Closing a closed vote changes nothing. ' +
					'The body may be empty but must be sent as `application/json`.',
				security: staff,
				requestBody: body({ type: 'object' }, false),
				responses: {
					200: voteResponse,
					409: voteError('`not_open`: the vote was never opened.'),
					...pick(400, 401, 403, 404, 415)
				}
			}
		},
		'/api/v1/votes/{voteId}/ballots': {
			parameters: [voteIdParam],
			post: {
				tags: ['votes'],
				summary: 'Cast or change a ballot',
				description:
					'For the participant cookie’s holder. A later ballot replaces the earlier one while ' +
					'the vote is open. A retry with an idempotency key already used answers the first ' +
					'receipt (200, `duplicate: true`) and is counted once. Refusals carry a `message` ' +
					'the phone can show as it is.',
				security: [{ participantCookie: [] }],
				requestBody: body(ref('BallotInput')),
				responses: {
					200: ok('A retry: the receipt of the first ballot with this key.', ref('Receipt')),
					201: ok('Cast.', ref('Receipt')),
					400: voteError(
						'`malformed_json`, or `invalid` with `fields.idempotencyKey`: the key is not ' +
							'8–64 characters of `A-Za-z0-9_-`.'
					),
					401: error('`unauthenticated`: no participant cookie.'),
					403: voteError(
						'`forbidden`: the participant belongs to another meeting; `not_eligible`: removed, ' +
							'merged, or not yet verified on a vote only verified attendees may cast.'
					),
					404: error('`not_found`: no such vote.'),
					409: voteError('`not_open` (a draft) or `closed`.'),
					422: voteError(
						'`invalid_ballot`: the choice does not fit the method; `ballotCode` says why and ' +
							'`detail` gives the numbers (`max`, `total`, `min`, `optionId`, `criterionId`).'
					),
					...pick(413, 415)
				}
			}
		},
		'/api/v1/votes/{voteId}/my-ballot': {
			parameters: [voteIdParam],
			get: {
				tags: ['votes'],
				summary: 'The caller’s own ballot',
				description:
					'The ballot that counts now for the participant cookie’s holder, so the phone can ' +
					'offer to change it. Nobody else’s choice is ever answered.',
				security: [{ participantCookie: [] }],
				responses: {
					200: ok(
						'The latest ballot.',
						obj(
							{
								receiptId: { type: 'string', format: 'uuid' },
								castAt: { type: 'string', format: 'date-time' },
								choice: { type: 'object', description: 'The stored choice, normalized.' }
							},
							['receiptId', 'castAt', 'choice']
						)
					),
					401: error('`unauthenticated`: no participant cookie.'),
					404: voteError('`no_ballot`: not voted yet; `not_found`: no such vote in this meeting.')
				}
			}
		},
		'/api/v1/votes/{voteId}/hybrid-counts': {
			parameters: [voteIdParam],
			post: {
				tags: ['votes'],
				summary: 'Add a show-of-hands or paper count',
				description:
					'Joins the tally marked by its source. While the vote is open, or after it closed ' +
					'(the final tally is updated). Only methods that sum per option take them.',
				security: staff,
				requestBody: body(ref('HybridCountInput')),
				responses: {
					201: ok('Added.', obj({ count: ref('HybridCount') }, ['count'])),
					409: voteError('`not_open`: the vote was never opened.'),
					...pick(400, 401, 403, 404, 413, 415, 422)
				}
			}
		},
		'/api/v1/votes/{voteId}/decisions': {
			parameters: [voteIdParam],
			get: {
				tags: ['votes'],
				summary: 'The decisions taken on a vote',
				security: staffOrParticipant,
				responses: {
					200: ok(
						'In the order they were taken.',
						obj({ decisions: { type: 'array', items: ref('Decision') } }, ['decisions'])
					),
					...pick(401, 404)
				}
			},
			post: {
				tags: ['votes'],
				summary: 'Record decisions',
				description:
					'Once the vote has closed: per option (`agreed`, `rejected`, `deferred`, ' +
					'`elected`, with a confirmed `rank`), or for the motion as a whole (`optionId` ' +
					'null). Each keeps the final tally it was decided on.',
				security: staff,
				requestBody: body(ref('DecisionsInput')),
				responses: {
					201: ok(
						'Recorded.',
						obj({ decisions: { type: 'array', items: ref('Decision') } }, ['decisions'])
					),
					409: voteError('`not_closed`: the vote has not closed yet.'),
					...pick(400, 401, 403, 404, 413, 415, 422)
				}
			}
		}
	},
	components: {
		securitySchemes: {
			sessionCookie: {
				type: 'apiKey',
				in: 'cookie',
				name: 'rembuk_session',
				description: 'Set by POST /api/v1/session (or the login page).'
			},
			participantCookie: {
				type: 'apiKey',
				in: 'cookie',
				name: 'rembuk_participant',
				description: 'Set by POST /api/v1/join (or the join page).'
			}
		},
		schemas: {
			Error: obj(
				{
					error: { type: 'string', enum: [...apiErrorCodes] },
					message: { type: 'string', description: 'For people, in their language.' },
					reason: { type: 'string', description: 'A finer reason under some codes.' },
					fields: {
						type: 'object',
						additionalProperties: { type: 'array', items: { type: 'string' } },
						description: 'For `invalid`: field path → codes.'
					}
				},
				['error', 'message']
			),
			MeetingInput: {
				type: 'object',
				additionalProperties: false,
				properties: {
					title: { type: 'string', minLength: 3, maxLength: 200 },
					kind: { type: 'string', enum: [...meetingKinds] },
					startsAt: {
						type: 'string',
						format: 'date-time',
						examples: ['2027-01-16T09:00:00+07:00']
					},
					place: { type: 'string', maxLength: 200 },
					agenda: { type: 'array', items: { type: 'string', maxLength: 200 }, minItems: 1 },
					rwScope: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 99 } },
					budgetCeiling: nullable('integer', { minimum: 0, description: 'Whole Rupiah.' }),
					quorum: {
						oneOf: [
							obj({ kind: { const: 'none' } }, ['kind']),
							obj({ kind: { const: 'count' }, min: { type: 'integer', minimum: 1 } }, [
								'kind',
								'min'
							]),
							obj(
								{
									kind: { const: 'share' },
									share: { type: 'number', exclusiveMinimum: 0, maximum: 1 }
								},
								['kind', 'share']
							)
						]
					},
					voters: { type: 'string', enum: [...voterModes] },
					sectors: {
						type: 'array',
						items: { type: 'string' },
						description: 'Sector codes of the kelurahan.'
					},
					inclusionThresholds: {
						type: 'object',
						additionalProperties: { type: 'number', minimum: 0, maximum: 1 }
					}
				},
				required: ['title', 'kind', 'startsAt', 'agenda', 'quorum', 'voters', 'sectors']
			},
			Meeting: {
				allOf: [
					ref('MeetingInput'),
					obj({
						id: { type: 'string', format: 'uuid' },
						kelurahanId: { type: 'string', format: 'uuid' },
						phase: { type: 'string', enum: [...meetingPhases] },
						joinCode: nullable('string'),
						joinLocked: { type: 'boolean' },
						boardLocked: { type: 'boolean' },
						openedAt: nullable('string', { format: 'date-time' }),
						collectingAt: nullable('string', { format: 'date-time' }),
						votingAt: nullable('string', { format: 'date-time' }),
						closedAt: nullable('string', { format: 'date-time' }),
						finalizedAt: nullable('string', { format: 'date-time' }),
						createdAt: { type: 'string', format: 'date-time' },
						updatedAt: { type: 'string', format: 'date-time' }
					})
				]
			},
			JoinInput: obj(
				{
					code: { type: 'string', description: 'As typed; case and separators do not matter.' },
					displayName: { type: 'string', minLength: 2, maxLength: 80 },
					rt: { type: 'integer', minimum: 1, maximum: 999 },
					rw: { type: 'integer', minimum: 1, maximum: 999 },
					gender: nullable('string'),
					ageGroup: nullable('string'),
					disability: nullable('boolean'),
					affiliation: nullable('string')
				},
				['code', 'displayName', 'rt', 'rw']
			),
			Joined: obj(
				{
					participantId: { type: 'string', format: 'uuid' },
					meetingId: { type: 'string', format: 'uuid' },
					meetingTitle: { type: 'string' },
					rejoined: { type: 'boolean' }
				},
				['participantId', 'meetingId', 'rejoined']
			),
			Participant: obj({
				id: { type: 'string', format: 'uuid' },
				displayName: { type: 'string' },
				rt: nullable('integer'),
				rw: nullable('integer'),
				gender: nullable('string'),
				ageGroup: nullable('string'),
				disability: nullable('boolean'),
				affiliation: nullable('string'),
				verified: { type: 'boolean' },
				status: { type: 'string', enum: ['active', 'merged', 'removed'] },
				mergedIntoId: nullable('string', { format: 'uuid' }),
				joinedAt: { type: 'string', format: 'date-time' },
				lastSeenAt: nullable('string', { format: 'date-time' })
			}),
			Proposer: obj(
				{
					participantId: { type: 'string' },
					name: { type: 'string', maxLength: limits.proposerNameMax },
					rt: { type: 'integer' },
					rw: { type: 'integer' }
				},
				['name']
			),
			ItemInput: obj(
				{
					title: { type: 'string', minLength: 1, maxLength: limits.titleMax },
					problem: { type: 'string', maxLength: limits.problemMax },
					locationText: { type: 'string', maxLength: limits.locationTextMax },
					rt: nullable('integer', { minimum: limits.rtRwMin, maximum: limits.rtRwMax }),
					rw: nullable('integer', { minimum: limits.rtRwMin, maximum: limits.rtRwMax }),
					sector: { type: 'string', description: 'One of the meeting’s sector codes.' },
					volume: nullable('number', { minimum: 0, maximum: limits.volumeMax }),
					unit: { type: 'string', maxLength: limits.unitMax },
					estimatedCost: nullable('integer', {
						minimum: 0,
						maximum: limits.estimatedCostMax,
						description: 'Whole Rupiah.'
					}),
					fundingSource: { type: 'string', enum: [...fundingSources] },
					proposers: { type: 'array', items: ref('Proposer'), maxItems: limits.proposersMax }
				},
				['title', 'sector', 'fundingSource']
			),
			BoardItem: {
				description: 'An usulan as the board shows it (see src/lib/realtime/board/read.ts).',
				allOf: [
					ref('ItemInput'),
					obj({
						id: { type: 'string' },
						order: { type: 'string' },
						createdAt: { type: 'integer', description: 'ms since the epoch' },
						createdBy: { type: 'string' },
						mergedFrom: { type: 'array', items: { type: 'object' } },
						mergedIds: { type: 'array', items: { type: 'string' } }
					})
				]
			},
			InvalidItem: obj({
				id: { type: 'string' },
				status: { type: 'string', enum: ['active', 'merged'] },
				reasons: {
					type: 'array',
					items: obj({ field: { type: 'string' }, code: { type: 'string' } })
				},
				title: nullable('string')
			}),
			BoardVersion: obj({
				id: { type: 'string', format: 'uuid' },
				meetingId: { type: 'string', format: 'uuid' },
				version: { type: 'integer', minimum: 1 },
				contentHash: { type: 'string' },
				createdBy: nullable('string', { format: 'uuid' }),
				createdAt: { type: 'string', format: 'date-time' }
			}),
			Usulan: {
				allOf: [
					ref('ItemInput'),
					obj({
						id: { type: 'string', format: 'uuid' },
						itemId: {
							type: 'string',
							description: 'The board item’s id, the same in every version.'
						},
						rank: { type: 'integer', minimum: 1 },
						mergeHistory: { type: 'array', items: { type: 'object' } },
						mergedItems: { type: 'array', items: { type: 'object' } },
						createdAt: { type: 'string', format: 'date-time' },
						createdBy: { type: 'string' }
					})
				]
			},
			Finalized: obj(
				{
					version: ref('BoardVersion'),
					usulan: { type: 'array', items: ref('Usulan') },
					skipped: { type: 'array', items: ref('InvalidItem') },
					created: { type: 'boolean' }
				},
				['version', 'usulan', 'skipped', 'created']
			),
			VoteError: obj(
				{
					error: { type: 'string', enum: [...apiErrorCodes, ...voteErrorCodes] },
					message: {
						type: 'string',
						description: 'For people, in their language; a phone may show it as it is.'
					},
					reason: { type: 'string' },
					fields: {
						type: 'object',
						additionalProperties: { type: 'array', items: { type: 'string' } }
					},
					ballotCode: {
						type: 'string',
						enum: [
							'wrong_shape',
							'invalid_answer',
							'unknown_option',
							'duplicate_option',
							'too_many_approvals',
							'too_many_dots',
							'dots_per_option_exceeded',
							'score_out_of_range',
							'missing_score',
							'unknown_criterion',
							'duplicate_rank',
							'missing_rank',
							'over_budget'
						],
						description: 'For `invalid_ballot`: why the method refused the choice.'
					},
					detail: obj({
						optionId: { type: 'string' },
						criterionId: { type: 'string' },
						min: { type: 'number' },
						max: { type: 'number', description: 'The limit: choices, dots, score, ceiling.' },
						total: { type: 'number', description: 'What the ballot came to.' }
					})
				},
				['error', 'message']
			),
			VoteSettings: {
				type: 'object',
				description:
					'The method and its rules (src/lib/domain/votes/methods.ts): `yes_no` { threshold: ' +
					'majority | two_thirds | consensus }, `approval` { maxChoices }, `dots` { dots, ' +
					'maxPerOption }, `score` { min, max }, `criteria` { criteria: [{ id, weight, label? }], ' +
					'min, max }, `ranked` { fullRanking }, `budget` { ceiling } (whole Rupiah).',
				properties: { method: { type: 'string', enum: [...voteMethods] } },
				required: ['method']
			},
			VoteInput: {
				type: 'object',
				additionalProperties: false,
				properties: {
					title: { type: 'string', minLength: 3, maxLength: 200 },
					subject: { type: 'string', enum: ['usulan', 'candidates', 'options'] },
					settings: ref('VoteSettings'),
					secret: { type: 'boolean', default: false },
					results: { type: 'string', enum: ['live', 'after_close'], default: 'live' },
					eligibility: { type: 'string', enum: ['joined', 'verified'] },
					quorum: { type: 'object', description: 'As a meeting’s quorum.' },
					durationSeconds: nullable('integer', { minimum: 30, maximum: 7200 }),
					usulanIds: { type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 100 },
					candidateIds: {
						type: 'array',
						items: { type: 'string', format: 'uuid' },
						maxItems: 100
					},
					labels: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 100 }
				},
				required: ['title', 'subject', 'settings']
			},
			Vote: obj({
				id: { type: 'string', format: 'uuid' },
				meetingId: { type: 'string', format: 'uuid' },
				title: { type: 'string' },
				subject: { type: 'string', enum: ['usulan', 'candidates', 'options'] },
				method: { type: 'string', enum: [...voteMethods] },
				settings: ref('VoteSettings'),
				secret: { type: 'boolean' },
				results: { type: 'string', enum: ['live', 'after_close'] },
				eligibility: { type: 'string', enum: ['joined', 'verified'] },
				quorum: { type: 'object' },
				durationSeconds: nullable('integer'),
				boardVersionId: nullable('string', { format: 'uuid' }),
				status: { type: 'string', enum: [...voteStatuses] },
				secondsLeft: nullable('integer', { description: 'On an open vote’s timer.' }),
				createdAt: { type: 'string', format: 'date-time' },
				openedAt: nullable('string', { format: 'date-time' }),
				closesAt: nullable('string', { format: 'date-time' }),
				closedAt: nullable('string', { format: 'date-time' })
			}),
			VoteOption: obj({
				id: { type: 'string', format: 'uuid' },
				position: { type: 'integer', minimum: 0 },
				label: { type: 'string' },
				usulanId: nullable('string', { format: 'uuid' }),
				participantId: nullable('string', { format: 'uuid' }),
				cost: nullable('integer', { description: 'Whole Rupiah (budget votes).' })
			}),
			VoteTally: obj(
				{
					result: {
						type: 'object',
						description:
							'Per method (src/lib/domain/votes/tally.ts); every count is ' +
							'`{ total, bySource: { phone, hands, paper } }`.'
					},
					phoneBallots: { type: 'integer', minimum: 0 },
					eligible: { type: 'integer', minimum: 0 },
					quorum: obj({
						met: { type: 'boolean' },
						required: { type: 'integer' },
						have: { type: 'integer' }
					}),
					hybrid: { type: 'array', items: { type: 'object' } }
				},
				['result', 'phoneBallots', 'eligible', 'quorum', 'hybrid']
			),
			BallotInput: obj(
				{
					choice: {
						type: 'object',
						description:
							'Per method: `{ answer: yes | no | abstain }`, `{ optionIds }` (approval, ' +
							'budget), `{ dots: { optionId: n } }`, `{ scores: { optionId: n } }`, ' +
							'`{ scores: { optionId: { criterionId: n } } }`, `{ ranking: [optionId…] }`.'
					},
					idempotencyKey: {
						type: 'string',
						pattern: '^[A-Za-z0-9_-]{8,64}$',
						description: 'New per intended ballot; the same on retries of it.'
					}
				},
				['choice', 'idempotencyKey']
			),
			Receipt: obj(
				{
					receiptId: { type: 'string', format: 'uuid' },
					castAt: { type: 'string', format: 'date-time' },
					replaced: { type: 'boolean', description: 'It replaced an earlier ballot.' },
					duplicate: { type: 'boolean', description: 'A retry of a ballot already stored.' }
				},
				['receiptId', 'castAt', 'replaced', 'duplicate']
			),
			HybridCountInput: {
				type: 'object',
				additionalProperties: false,
				properties: {
					source: { type: 'string', enum: ['hands', 'paper'] },
					voters: { type: 'integer', minimum: 0 },
					counts: {
						type: 'object',
						additionalProperties: { type: 'integer', minimum: 0 },
						description: 'Option id (or `yes`, `no`, `abstain`) → count.'
					},
					note: { type: 'string', maxLength: 1000 }
				},
				required: ['source', 'voters', 'counts']
			},
			HybridCount: obj({
				id: { type: 'string', format: 'uuid' },
				voteId: { type: 'string', format: 'uuid' },
				source: { type: 'string', enum: ['hands', 'paper'] },
				voters: { type: 'integer' },
				counts: { type: 'object', additionalProperties: { type: 'integer' } },
				note: { type: 'string' },
				enteredBy: nullable('string', { format: 'uuid' }),
				enteredAt: { type: 'string', format: 'date-time' }
			}),
			DecisionsInput: obj(
				{
					outcomes: {
						type: 'array',
						minItems: 1,
						maxItems: 100,
						items: obj(
							{
								optionId: nullable('string', { format: 'uuid' }),
								outcome: { type: 'string', enum: ['agreed', 'rejected', 'deferred', 'elected'] },
								rank: nullable('integer', { minimum: 1, maximum: 1000 }),
								note: { type: 'string', maxLength: 1000 }
							},
							['outcome']
						)
					}
				},
				['outcomes']
			),
			Decision: obj({
				id: { type: 'string', format: 'uuid' },
				meetingId: { type: 'string', format: 'uuid' },
				voteId: { type: 'string', format: 'uuid' },
				optionId: nullable('string', { format: 'uuid' }),
				usulanId: nullable('string', { format: 'uuid' }),
				outcome: { type: 'string', enum: ['agreed', 'rejected', 'deferred', 'elected'] },
				rank: nullable('integer'),
				note: { type: 'string' },
				tallySnapshot: ref('VoteTally'),
				boardVersionId: nullable('string', { format: 'uuid' }),
				decidedBy: nullable('string', { format: 'uuid' }),
				decidedAt: { type: 'string', format: 'date-time' }
			})
		}
	}
} as const;
