// Money as the pages print it (lib/view.c fmt_money): "$12,345.67",
// "−$0.99" with the minus sign U+2212.
export function usd(cents) {
	const neg = cents < 0;
	const c = Math.abs(cents);
	const whole = Math.floor(c / 100).toLocaleString('en-US');
	return `${neg && c ? '−' : ''}$${whole}.${String(c % 100).padStart(2, '0')}`;
}
