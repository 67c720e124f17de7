package org.atarisaliency.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The module graph and the README's rules for it (Layout), checked on the compiled classes of every
 * module (cli depends on all of them): the module order, video without agents, no module using
 * another's {@code internal} package, no package cycle but the known ones, each module's uses of the
 * others declared in its pom, no command-line flag named below cli, outputs renamed into place by
 * {@code OutputFiles}.
 */
class ArchitectureTest {
    private static final String ROOT = "org.atarisaliency";

    /** Each module and the modules it uses directly, as README's Layout draws them (bottom first). */
    static final Map<String, List<String>> USES = uses();

    /**
     * String constants below cli that hold a CLI flag's spelling but are arguments for another
     * program, not messages to a user: exact constants, so that a message added to the same class
     * is still caught.
     */
    private static final Map<String, Set<String>> OTHER_PROGRAMS = Map.of(
            // the PyTorch baseline script's own arguments (bench_saliency.py)
            ROOT + ".pipelines.BenchSaliency", Set.of("--agent", "--stride", "--radius", "--warmup", "--out"),
            // sbatch's options in the job-array script
            ROOT + ".cluster.SlurmScript", Set.of("#SBATCH --cpus-per-task=", "#SBATCH --partition=", "#SBATCH --time=", "#SBATCH --mem="),
            // the worker command line: the run-job arguments that the Slurm and Kubernetes tasks run
            ROOT + ".cluster.WorkerCommand", Set.of("--index", "--task", "--out", "--quiet"),
            // sbatch --version: whether Slurm is installed
            ROOT + ".cluster.Slurm", Set.of("--version"));

    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(ROOT);

    private static Map<String, List<String>> uses() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("env", List.of());
        m.put("agents", List.of("env"));
        m.put("saliency", List.of("agents"));
        m.put("video", List.of("env"));
        m.put("pipelines", List.of("saliency", "video"));
        m.put("experiment", List.of("pipelines"));
        m.put("study", List.of("experiment"));
        m.put("cluster", List.of("experiment"));
        m.put("viewer", List.of("video"));
        m.put("cli", List.of("study", "cluster", "viewer"));
        return m;
    }

    /** {@code module} and every module below it. */
    static Set<String> below(String module) {
        Set<String> all = new LinkedHashSet<>();
        for (String m : USES.get(module)) {
            all.add(m);
            all.addAll(below(m));
        }
        return all;
    }

    private static String pkg(String module) {
        return ROOT + "." + module + "..";
    }

    @Test
    void everyModuleImportsOnlyTheModulesBelowIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String m : USES.keySet()) {
            layers = layers.layer(m).definedBy(pkg(m));
        }
        for (String m : USES.keySet()) {
            Set<String> allowed = below(m);
            layers = allowed.isEmpty() ? layers.whereLayer(m).mayNotAccessAnyLayer()
                    : layers.whereLayer(m).mayOnlyAccessLayers(allowed.toArray(String[]::new));
        }
        layers.because("modules depend one way (README, Layout): " + USES).check(CLASSES);
    }

    /** Saliency methods and metrics use the networks, never the training code (issue 24: Randomization used agents.train.Init). */
    @Test
    void saliencyImportsNoTrainingCode() {
        noClasses().that().resideInAPackage(pkg("saliency")).should().dependOnClassesThat().resideInAPackage(ROOT + ".agents.train..")
                .because("a saliency metric needs the network's initialisation (agents.nets.Init), not the trainer").check(CLASSES);
    }

    @Test
    void videoImportsNoAgents() {
        noClasses().that().resideInAPackage(pkg("video")).should().dependOnClassesThat().resideInAPackage(pkg("agents"))
                .because("video turns maps and numbers into pixels: no agent, no rollout (README, Layout)").check(CLASSES);
    }

    @Test
    void noModuleImportsAnothersInternalPackage() {
        for (String m : USES.keySet()) {
            noClasses().that().resideOutsideOfPackage(pkg(m)).should().dependOnClassesThat().resideInAPackage(ROOT + "." + m + ".internal..")
                    .because("a module's internal package is its own (README, Layout)").allowEmptyShould(true).check(CLASSES);
        }
    }

    /**
     * No cycle between packages, except the one that is known (frozen here so that no new one can
     * appear; remove the entry when its cycle is broken). The agents formats' cycle is gone: agents
     * finds nets/rl4j/sb3's formats through {@code ServiceLoader} ({@code AgentFormats}).
     */
    @Test
    void packagesFormNoCycles() {
        SlicesRuleDefinition.slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
                // study build refuses to replace a study folder whose database holds answers: it counts them with study.server's StudyDatabase
                .ignoreDependency(HasName.Predicates.name(ROOT + ".study.StudyFolderGuard"), HasName.Predicates.name(ROOT + ".study.server.StudyDatabase"))
                .check(CLASSES);
    }

    @Test
    void everyModuleDeclaresTheModulesItUsesInItsPom() throws IOException {
        List<String> undeclared = new ArrayList<>();
        for (String m : USES.keySet()) {
            Set<String> declared = new TreeSet<>();
            moduleDependencies(m).forEach((module, block) -> {
                if (!block.contains("<scope>test</scope>")) {
                    declared.add(module);
                }
            });
            for (String used : used(m)) {
                if (!declared.contains(used)) {
                    undeclared.add(m + "/pom.xml lacks atari-saliency-" + used);
                }
            }
        }
        assertEquals(List.of(), undeclared, "each module's pom declares every module its classes use (dependency:analyze)");
    }

    /**
     * No pom declares another module's classes (its main jar, not its test-jar) at test scope: Maven's nearest
     * declaration wins, so such a line would take that module off the run-time class path of everything built on
     * this one, the launcher's included (cli once dropped video this way, and record failed on a fresh clone).
     */
    @Test
    void noModuleIsDeclaredAtTestScopeOnly() throws IOException {
        List<String> testScoped = new ArrayList<>();
        for (String m : USES.keySet()) {
            moduleDependencies(m).forEach((module, block) -> {
                if (block.contains("<scope>test</scope>") && !block.contains("test-jar")) {
                    testScoped.add(m + "/pom.xml: atari-saliency-" + module + " at test scope");
                }
            });
        }
        assertEquals(List.of(), testScoped, "declare a module a module's tests alone use at runtime scope, not test (README, Layout)");
    }

    /** The project modules {@code module}'s pom declares (test-jars under "NAME:tests"), each with its {@code <dependency>} block. */
    private static Map<String, String> moduleDependencies(String module) throws IOException {
        Path project = Path.of(System.getProperty("atari.project", ".."));
        String pom = Files.readString(project.resolve(module).resolve("pom.xml"));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher d = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        while (d.find()) {
            Matcher a = Pattern.compile("<artifactId>atari-saliency-([a-z]+)</artifactId>").matcher(d.group(1));
            if (a.find()) {
                out.put(a.group(1) + (d.group(1).contains("test-jar") ? ":tests" : ""), d.group(1));
            }
        }
        return out;
    }

    /** The other modules whose classes {@code module}'s classes use. */
    private static Set<String> used(String module) {
        Set<String> used = new TreeSet<>();
        for (JavaClass c : CLASSES) {
            if (c.getPackageName().startsWith(ROOT + "." + module + ".") || c.getPackageName().equals(ROOT + "." + module)) {
                c.getDirectDependenciesFromSelf().forEach(dep -> {
                    String m = moduleOf(dep.getTargetClass().getPackageName());
                    if (m != null && !m.equals(module)) {
                        used.add(m);
                    }
                });
            }
        }
        return used;
    }

    private static String moduleOf(String pkg) {
        for (String m : USES.keySet()) {
            if (pkg.equals(ROOT + "." + m) || pkg.startsWith(ROOT + "." + m + ".")) {
                return m;
            }
        }
        return null;
    }

    /**
     * Classes that rename with {@code Files.move} themselves, not through {@code OutputFiles}: each for
     * a reason {@link org.atarisaliency.env.OutputFiles#moveIntoPlace} does not cover.
     */
    private static final Set<String> OWN_RENAMES = Set.of(
            // swaps whole resume/ folders (the old one aside first), with a hook per step for the crash tests
            ROOT + ".pipelines.ResumeSaves",
            // fall back to a plain rename where the file system has no atomic one
            ROOT + ".agents.checkpoint.TorchCheckpointWriter", ROOT + ".env.Npy");

    @Test
    void outputsAreRenamedIntoPlaceByOutputFiles() {
        noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".env.OutputFiles")
                .and(com.tngtech.archunit.base.DescribedPredicate.describe("are not listed in OWN_RENAMES", c -> !OWN_RENAMES.contains(c.getName())))
                .should().callMethod(Files.class, "move", Path.class, Path.class, java.nio.file.CopyOption[].class)
                .because("a complete temporary is renamed onto its output by OutputFiles.moveIntoPlace (one declaration of the atomic move)")
                .check(CLASSES);
    }

    /** The classes outside agents.play that seed emulators, action samplers or hints themselves, and why. */
    private static final Set<String> OWN_SEEDING = Set.of(
            // the trainer's n parallel episodes (episode i of the run: Seeds.env(seed, i), Seeds.actions(seed, i)), one batch, not a Rollout
            ROOT + ".agents.train.Collector",
            // PPO's n parallel games, seeded the same way (Seeds.env(seed, i), Seeds.actions(seed, i)), each inside an EpisodicLifeEnv
            ROOT + ".agents.train.PpoCollector",
            // the imitation teacher's random hints for those n episodes (Seeds.hints(seed, i))
            ROOT + ".agents.train.Teacher");

    @Test
    void rolloutOwnsTheOpeningAndItsSeeding() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".agents.play")
                .and(com.tngtech.archunit.base.DescribedPredicate.describe("are not listed in OWN_SEEDING", c -> !OWN_SEEDING.contains(c.getName())))
                .should().callMethod(ROOT + ".env.AtariEnv", "open", ROOT + ".env.GameSpec", Path.class.getName(), "long", "int")
                .orShould().callMethod(ROOT + ".agents.play.Seeds", "env", "long", "int")
                .orShould().callMethod(ROOT + ".agents.play.Seeds", "actions", "long", "int")
                .orShould().callMethod(ROOT + ".agents.play.Seeds", "hints", "long", "int")
                .because("a run's opening (its seeded emulator), its action sampler and its random hints come from Rollout (openGame, open, on) "
                        + "and HintSource.random with the run's seed")
                .check(CLASSES);
    }

    @Test
    void nothingBelowCliNamesAFlag() throws IOException {
        Set<String> flags = cliFlags();
        assertTrue(flags.containsAll(List.of("--out", "--hints", "--frame-skip", "--time")), flags.toString());
        Map<String, List<String>> found = new TreeMap<>();
        for (JavaClass c : CLASSES) {
            if ("cli".equals(moduleOf(c.getPackageName())) || c.getSource().isEmpty()) {
                continue;
            }
            for (String constant : stringConstants(c)) {
                if (OTHER_PROGRAMS.getOrDefault(c.getName(), Set.of()).contains(constant)) {
                    continue;
                }
                Matcher f = FLAG.matcher(constant);
                while (f.find()) {
                    if (flags.contains(f.group())) {
                        found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(f.group() + " in \"" + constant.replace("\u0001", "{}") + "\"");
                    }
                }
            }
        }
        assertEquals(Map.of(), found, "library code names settings by key and cli spells them as flags (README, Layout: nothing below cli names"
                + " a flag; throw InvalidSettingException or a NamesSettings error and let cli/ExitCodes spell it)");
    }

    /** Every "--" option name of the CLI's commands and subcommands. */
    private static Set<String> cliFlags() {
        Set<String> flags = new TreeSet<>();
        List<CommandLine> todo = new ArrayList<>(List.of(Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))));
        while (!todo.isEmpty()) {
            CommandLine c = todo.remove(todo.size() - 1);
            c.getCommandSpec().options().forEach(o -> List.of(o.names()).stream().filter(n -> n.startsWith("--")).forEach(flags::add));
            todo.addAll(c.getSubcommands().values());
        }
        return flags;
    }

    /** The CONSTANT_Utf8 entries of {@code c}'s class file (every string constant is one, and so is a concatenation's recipe). */
    static List<String> stringConstants(JavaClass c) throws IOException {
        return new ArrayList<>(constantPool(c).utf8().values());
    }

    /** The string literals of {@code c}'s class file (its CONSTANT_String entries: no names of methods, fields or variables). */
    static List<String> stringLiterals(JavaClass c) throws IOException {
        ConstantPool pool = constantPool(c);
        return pool.strings().stream().map(pool.utf8()::get).toList();
    }

    /** A class file's CONSTANT_Utf8 entries by index, and the indexes its CONSTANT_String entries point to. */
    private record ConstantPool(Map<Integer, String> utf8, List<Integer> strings) {
    }

    private static ConstantPool constantPool(JavaClass c) throws IOException {
        try (InputStream in = c.getSource().get().getUri().toURL().openStream(); DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readInt(); // minor, major version
            int count = data.readUnsignedShort();
            Map<Integer, String> utf8 = new LinkedHashMap<>();
            List<Integer> strings = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.put(i, data.readUTF());
                    case 8 -> strings.add(data.readUnsignedShort());
                    case 7, 16, 19, 20 -> data.skipNBytes(2);
                    case 15 -> data.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException(c.getName() + ": unknown constant pool tag " + tag);
                }
            }
            return new ConstantPool(utf8, strings);
        }
    }
}
