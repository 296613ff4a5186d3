/** The board's codes (refusal reasons, funding sources, field paths) in the reader's language. */
import type { NumberInputErrorCode } from '$lib/domain/number-input';
import { m } from '$lib/paraglide/messages';
import type { FundingSource, ReasonCode } from '$lib/realtime/board';
import type { ConnectionStatus } from '$lib/state/connection-status';
import type { FormFieldError } from './item-form';

const reasons: Record<ReasonCode, () => string> = {
	required: m.board_error_required,
	wrongType: m.board_error_wrongType,
	empty: m.board_error_empty,
	tooLong: m.board_error_tooLong,
	tooMany: m.board_error_tooMany,
	notInteger: m.board_error_notInteger,
	notFinite: m.board_error_notFinite,
	negative: m.board_error_negative,
	tooLarge: m.board_error_tooLarge,
	outOfRange: m.board_error_outOfRange,
	unknownSector: m.board_error_unknownSector,
	unknownValue: m.board_error_unknownValue,
	malformed: m.board_error_malformed,
	notFound: m.board_error_notFound,
	notActive: m.board_error_notActive,
	duplicate: m.board_error_duplicate,
	sameItem: m.board_error_sameItem,
	notAdjacent: m.board_error_notAdjacent,
	orderUnavailable: m.board_error_orderUnavailable,
	taken: m.board_error_taken,
	unreadable: m.board_error_unreadable
};

const numbers: Record<NumberInputErrorCode, () => string> = {
	required: m.board_number_required,
	invalid_number: m.board_number_invalid_number,
	invalid_amount: m.board_number_invalid_amount,
	ambiguous_amount: m.board_number_ambiguous_amount,
	not_whole_rupiah: m.board_number_not_whole_rupiah,
	too_big: m.board_number_too_big
};

/** A refusal code (the board's or a number parser's) as a sentence. */
export function errorText(code: FormFieldError['code']): string {
	const board = (reasons as Record<string, (() => string) | undefined>)[code];
	const number = (numbers as Record<string, (() => string) | undefined>)[code];
	return (board ?? number ?? m.board_error_malformed)();
}

const funding: Record<FundingSource, () => string> = {
	dana_kelurahan: m.board_funding_dana_kelurahan,
	swadaya: m.board_funding_swadaya,
	csr: m.board_funding_csr,
	lsm: m.board_funding_lsm,
	lainnya: m.board_funding_lainnya
};
export const fundingLabel = (source: FundingSource) => funding[source]();

const fields: Record<string, () => string> = {
	title: m.board_field_title,
	problem: m.board_field_problem,
	locationText: m.board_field_location,
	rt: m.board_field_rt,
	rw: m.board_field_rw,
	sector: m.board_field_sector,
	volume: m.board_field_volume,
	unit: m.board_field_unit,
	estimatedCost: m.board_field_cost,
	fundingSource: m.board_field_funding,
	proposers: m.board_field_proposers,
	proposer: m.board_field_proposers,
	order: m.board_field_order,
	item: m.board_field_item,
	id: m.board_field_item,
	createdAt: m.board_field_created,
	createdBy: m.board_field_created,
	mergedFrom: m.board_field_merged,
	mergedInto: m.board_field_merged
};

/** The name of the field a reason is about (`proposers.2.name` → "Pengusul"). */
export function fieldLabel(path: string): string {
	const head = path.split('.')[0];
	return (fields[head] ?? m.board_field_other)();
}

const statuses: Record<ConnectionStatus, () => string> = {
	online: m.board_conn_online,
	connecting: m.board_conn_connecting,
	reconnecting: m.board_conn_reconnecting,
	offline: m.board_conn_offline
};
export const statusLabel = (status: ConnectionStatus) => statuses[status]();
