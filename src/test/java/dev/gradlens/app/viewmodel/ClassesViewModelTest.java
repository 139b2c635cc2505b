package dev.gradlens.app.viewmodel;

import dev.gradlens.app.FakeExplanationService;
import dev.gradlens.app.viewmodel.ClassesViewModel.ClassOption;
import dev.gradlens.app.viewmodel.ClassesViewModel.ClassRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClassesViewModelTest {
    private ClassesViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new ClassesViewModel();
        vm.setLabels(FakeExplanationService.labels());
        vm.setPrediction(FakeExplanationService.prediction());
    }

    private List<Integer> indices(List<ClassOption> options) {
        return options.stream().map(ClassOption::index).toList();
    }

    @Test
    void topKListDefaultsToFiveWithProbabilitiesAndSelectsTopOne() {
        assertEquals(5, vm.rows().size());
        assertEquals(List.of(281, 282, 285, 283, 207), vm.rows().stream().map(r -> r.score().index()).toList());
        assertEquals(1, vm.rows().get(0).rank());
        assertEquals(0.55f, vm.rows().get(0).score().probability(), 1e-6);
        assertEquals(281, vm.getSelectedIndex());
        assertEquals("tabby, tabby cat", vm.selectedProperty().get().label());

        vm.kProperty().set(3);
        assertEquals(3, vm.rows().size());
        vm.kProperty().set(0);
        assertEquals(1, vm.kProperty().get(), "k stays at least 1");
        vm.kProperty().set(1000);
        assertEquals(ClassesViewModel.MAX_K, vm.kProperty().get());
    }

    @Test
    void searchFindsByLabelPart() {
        assertEquals(281, vm.suggest("tabby").get(0).index());
        assertEquals(281, vm.suggest("TABBY").get(0).index(), "case-insensitive");
        // "cat" is a word inside several labels: the more probable ones come first
        List<Integer> cats = indices(vm.suggest("cat"));
        assertEquals(List.of(281, 282, 285, 283), cats.subList(0, 4));
        // a label start beats a word start
        assertEquals(340, vm.suggest("zeb").get(0).index());
        assertEquals(386, vm.suggest("elephant").get(0).index());
        assertTrue(vm.suggest("").isEmpty());
        assertTrue(vm.suggest("no such thing").isEmpty());
        assertTrue(vm.suggest("class").size() <= ClassesViewModel.SUGGESTIONS);
    }

    @Test
    void searchFindsByIndex() {
        ClassOption first = vm.suggest("281").get(0);
        assertEquals(281, first.index());
        assertEquals("tabby, tabby cat (281)", first.toString());
        assertEquals(0.55f, first.probability(), 1e-6);
        List<Integer> prefixed = indices(vm.suggest("28"));
        assertTrue(prefixed.containsAll(List.of(28, 281, 282, 283, 285)), prefixed.toString());
        // the autocomplete's own text ("label (index)") resolves to exactly that class
        assertEquals(List.of(282), indices(vm.suggest("tiger cat (282)")));
    }

    @Test
    void chooseFromSearchSelectsTheBestMatch() {
        assertTrue(vm.chooseFromSearch("tiger"));
        assertEquals(282, vm.getSelectedIndex());
        assertTrue(vm.chooseFromSearch("948"));
        assertEquals(948, vm.getSelectedIndex());
        assertEquals("Granny Smith", vm.selectedProperty().get().label());
        assertFalse(vm.chooseFromSearch("xyzzy"));
        assertEquals(948, vm.getSelectedIndex(), "no match leaves the selection alone");
    }

    @Test
    void aSearchedClassBelowTheTopKIsShownAsAnExtraRow() {
        vm.select(948);
        ClassRow last = vm.rows().get(vm.rows().size() - 1);
        assertEquals(6, vm.rows().size());
        assertTrue(last.outsideTopK());
        assertEquals(948, last.score().index());
        assertTrue(last.rank() > 5);
        vm.select(282);
        assertEquals(5, vm.rows().size());
    }

    @Test
    void keyboardPicksAndMoves() {
        vm.pickTop(2);
        assertEquals(282, vm.getSelectedIndex());
        vm.pickTop(9);
        assertEquals(FakeExplanationService.prediction().ranked().get(8).index(), vm.getSelectedIndex());
        vm.pickTop(1);
        vm.moveDown();
        assertEquals(282, vm.getSelectedIndex());
        vm.moveDown();
        assertEquals(285, vm.getSelectedIndex());
        vm.moveUp();
        vm.moveUp();
        vm.moveUp();
        assertEquals(281, vm.getSelectedIndex(), "stops at the top");
    }

    @Test
    void keepClassHoldsTheChoiceAcrossImages() {
        vm.select(207);
        vm.setPrediction(FakeExplanationService.prediction());
        assertEquals(281, vm.getSelectedIndex(), "a new image jumps to its top-1 by default");
        vm.keepClassProperty().set(true);
        vm.select(207);
        vm.setPrediction(FakeExplanationService.prediction());
        assertEquals(207, vm.getSelectedIndex());
    }

    @Test
    void newLabelsClearThePrediction() {
        vm.setLabels(List.of("cat", "dog"));
        assertNull(vm.predictionProperty().get());
        assertTrue(vm.rows().isEmpty());
        assertEquals(-1, vm.getSelectedIndex());
        assertEquals(List.of(1), indices(vm.suggest("dog")));
        assertTrue(Float.isNaN(vm.suggest("dog").get(0).probability()));
        vm.select(1);
        assertEquals("dog", vm.selectedProperty().get().label());
        vm.moveUp();
        assertEquals(0, vm.getSelectedIndex(), "moves by index without a prediction");
    }
}
