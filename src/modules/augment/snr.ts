/**
 * add_noise mixes at an SNR over the whole clip; the analyser measures speech frames against its
 * noise floor (a low quantile of frame energies), which reads higher and compresses: pink noise
 * mixed at 0 / 5 / 10 / 20 dB into the corpus's clean speech (recorded and synthetic, 6 clips)
 * measured 6.5–8.5 / 8.8–12.7 / 12.9–17.3 / 22.2–26.5 dB. A line through those (slope 0.8,
 * +8 dB) converts between the two, so that a plan aims at the band as the analyser will see it.
 */
const SNR_SLOPE = 0.8;
const SNR_OFFSET_DB = 8;
export const measuredSnr = (mix: number) => SNR_SLOPE * mix + SNR_OFFSET_DB;
export const mixingSnr = (measured: number) => (measured - SNR_OFFSET_DB) / SNR_SLOPE;
