import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * A plan form's submit with JavaScript: the button is disabled while it is on its way, and what was
 * typed stays in the fields afterwards (a refused form comes back with its values). A refused form
 * takes the focus to its first field in error (or its error message), so someone who pressed save
 * at the bottom of a long form sees what to fix instead of an unchanged page.
 */
export class Submitting {
	#busy = $state(false);

	get busy() {
		return this.#busy;
	}

	/** For `use:enhance={submit.enhance}`. */
	enhance: SubmitFunction = ({ formElement }) => {
		this.#busy = true;
		return async ({ result, update }) => {
			await update({ reset: false });
			this.#busy = false;
			if (result.type !== 'failure') return;
			await tick();
			const target = formElement.querySelector<HTMLElement>('[aria-invalid="true"], .alert.error');
			if (!target) return;
			if (!target.matches('input, select, textarea, button')) target.tabIndex = -1;
			target.focus();
			target.scrollIntoView({ block: 'center' });
		};
	};
}
