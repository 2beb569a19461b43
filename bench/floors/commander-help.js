// The floor of `pwless --help`: commander alone, a program of the same shape
// (15 global options, 12 listed commands, a closing text) printing its help, and nothing else;
// bundled by bench/startup.js as scripts/build.js bundles pwless, with the compile cache on.
import module from 'node:module';

module.enableCompileCache?.();
const { Command } = await import('commander');

const program = new Command('pwless').description('Test Auth0-style passwordless login from a terminal.').version('0.0.0', '-V, --version');
for (let i = 0; i < 15; i++) program.option(`--option-${i} <value>`, `what option ${i} does, in about as many words as pwless says`);
for (let i = 0; i < 12; i++) program.command(`command-${i}`).description(`what command ${i} does, in about as many words as pwless says`);
program.addHelpText('after', '\nExamples:\n  pwless demo\n\nExit codes:\n  0    success\n');
program.configureOutput({ writeOut: (s) => process.stdout.write(s) });
process.stdout.write(program.helpInformation());
