package org.slipway.core.layers;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.Test;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;

/**
 * The core's packages form no cycle: read by bnd's own analyzer (the one that computes the bundle's imports and
 * {@code uses}) from the compiled classes, every strongly connected set of {@code org.slipway} packages is named.
 * bnd rather than ArchUnit or jdeps: it is already the build's tool and the bundle's class-space view, so a
 * cycle is found the way bnd sees the bundle, with no new dependency.
 */
public class PackageCyclesTest {

    @Test
    public void noPackageOfTheCoreIsInACycle() throws Exception {
        Map<String, Set<String>> uses = uses(new File("target/classes"));
        assertEquals("package cycles (each line one cycle)", List.of(), cycles(uses));
    }

    static Map<String, Set<String>> uses(File classes) throws Exception {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Analyzer analyzer = new Analyzer(); Jar jar = new Jar(classes)) {
            analyzer.setJar(jar);
            analyzer.setProperty("Export-Package", "*");
            analyzer.analyze();
            for (Map.Entry<PackageRef, List<PackageRef>> e : analyzer.getUses().entrySet()) {
                String from = e.getKey().getFQN();
                if (!from.startsWith("org.slipway")) {
                    continue;
                }
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                e.getValue().stream().map(PackageRef::getFQN).filter(p -> p.startsWith("org.slipway"))
                        .filter(p -> !p.equals(from)).forEach(to::add);
            }
        }
        return graph;
    }

    /** Tarjan's strongly connected components of more than one package, each sorted, as text. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, counter, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, int[] counter, List<String> found) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, counter, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(String.join(" <-> ", component));
            }
        }
    }
}
