/**
 * The usulan board (`meeting/<id>/board`): doc shape, validated reading, operations and the
 * finalize snapshot. Shared by the phone UI, the facilitator console and the server.
 */
export * from './schema.ts';
export { compareItems, isValidOrderKey } from './order-key.ts';
export {
	boardItems,
	boardMeta,
	readBoard,
	type BoardItemView,
	type BoardView,
	type InvalidItem,
	type MergedItemView
} from './read.ts';
export {
	editableFields,
	itemInputSchema,
	problemInputSchema,
	proposerInputSchema,
	titleInputSchema,
	toFieldErrors,
	type EditableField,
	type EditableValues,
	type ItemInput,
	type ItemValues
} from './input.ts';
export {
	addItem,
	addProposer,
	deleteItem,
	getItemText,
	removeProposer,
	restoreItem,
	setLockedMirror,
	setText,
	updateField,
	type AddItemOptions,
	type ProposerInput
} from './edit.ts';
export { moveDown, moveItem, moveUp, type MoveOptions, type MoveTarget } from './move.ts';
export { mergeItems, type MergeOptions } from './merge.ts';
export {
	finalizeSnapshot,
	type FinalizedMergedItem,
	type FinalizedUsulan,
	type FinalizeSnapshot
} from './finalize.ts';
