import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A plan form's submit with JavaScript: the button is disabled while it is on its way, and what was
 * typed stays in the fields afterwards (a refused form comes back with its values).
 */
export class Submitting {
	#busy = $state(false);

	get busy() {
		return this.#busy;
	}

	/** For `use:enhance={submit.enhance}`. */
	enhance: SubmitFunction = () => {
		this.#busy = true;
		return async ({ update }) => {
			await update({ reset: false });
			this.#busy = false;
		};
	};
}
